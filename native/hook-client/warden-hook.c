/*
 * warden-hook <agent>: the hook command agents run before and after each tool call.
 *
 * It reads the agent's hook payload on stdin, hands it to the Warden daemon over its Unix socket
 * (docs/daemon-protocol.md) and prints the daemon's answer: the stdout part, the stderr part, exit 0.
 * When the daemon is not there (no socket, refused, no complete answer before the deadline, an
 * answer that breaks the protocol, or a refusal: an exit code other than 0) it runs
 * `<node> <warden main.js> hook <agent> --in-process --request-id <id>` with the same payload on that
 * process's stdin and passes its output and exit code through. The request id (32 random hex digits)
 * goes to the daemon with the request and to the fallback, so that a daemon that answers too late but
 * still records the call, and the fallback that judged it meanwhile, record it once between them.
 * When nothing listens on the socket (none there, or connections refused: no daemon runs) the
 * fallback also gets --daemon-down, and starts the daemon again if it should run (docs/daemon.md).
 * If even that cannot start, it says so on stderr and exits 2, which most agents take as a block.
 *
 * Plain C99 with POSIX 2008; no shell is ever involved. Build: scripts/build-hook-client.mjs.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Absolute paths of the Node binary and the CLI's main.js, set by the build script. */
#ifndef WARDEN_NODE_DEFAULT
#define WARDEN_NODE_DEFAULT ""
#endif
#ifndef WARDEN_CLI_DEFAULT
#define WARDEN_CLI_DEFAULT ""
#endif

#ifdef MSG_NOSIGNAL
#define SEND_FLAGS MSG_NOSIGNAL
#else
#define SEND_FLAGS 0
#endif

/* The hook payload limit. One byte more than this is read and passed on, so that the judge (the
 * daemon or the fallback) sees a payload over its limit and answers as for an unreadable one. */
#define PAYLOAD_LIMIT ((size_t)16 * 1024 * 1024)
/* Bounds on the daemon's answer: "<code> <stdout length> <stderr length>\n" and each part. */
#define ANSWER_HEADER_LIMIT 64
#define ANSWER_PART_LIMIT ((size_t)16 * 1024 * 1024)
/* One byte past the largest well-formed answer, so that a longer one is seen to be longer. */
#define ANSWER_LIMIT (ANSWER_HEADER_LIMIT + 2 * ANSWER_PART_LIMIT + 1)
#define DEFAULT_TIMEOUT_MS 5000L
#define MAX_TIMEOUT_MS 600000L
/* A writer that never closes stdin: what was read by then is passed on (as `warden hook` does). */
#define STDIN_TIMEOUT_MS 10000L
#define CHUNK 65536
/* The exit status of the client's own failures: most agents treat 2 as "block". */
#define EXIT_FAILURE_BLOCK 2

extern char **environ;

static const char *const AGENTS[] = {"claude-code", "cursor", "gemini", "codex", "copilot"};
#define AGENT_COUNT (sizeof AGENTS / sizeof AGENTS[0])
/* 16 random bytes as hex, and its terminating NUL. */
#define REQUEST_ID_SIZE 33

static int debug_enabled;

struct buffer {
  unsigned char *data;
  size_t len;
  size_t cap;
};

struct answer {
  int code;
  size_t out_len;
  size_t err_len;
  size_t header_len; /* including the newline */
};

static void debug(const char *what, const char *detail) {
  if (debug_enabled) fprintf(stderr, "warden-hook: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
}

static long long now_ms(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until the deadline, as a poll() timeout (0 when it has passed). */
static int remaining_ms(long long deadline) {
  long long left = deadline - now_ms();
  if (left <= 0) return 0;
  return left > INT_MAX ? INT_MAX : (int)left;
}

/* Room for `more` bytes past len, never growing past `limit` bytes in all. */
static int reserve(struct buffer *b, size_t more, size_t limit) {
  size_t cap;
  unsigned char *grown;
  if (more > limit || b->len > limit - more) return -1;
  if (b->len + more <= b->cap) return 0;
  cap = b->cap ? b->cap : CHUNK;
  while (cap < b->len + more) cap = cap > limit / 2 ? limit : cap * 2;
  grown = realloc(b->data, cap);
  if (!grown) return -1;
  b->data = grown;
  b->cap = cap;
  return 0;
}

/* Writes all of it to a descriptor. Returns 0, or -1 when the reader has gone or writing fails. */
static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        /* A non-blocking descriptor inherited from the agent: wait until it takes more. */
        struct pollfd pfd;
        pfd.fd = fd;
        pfd.events = POLLOUT;
        pfd.revents = 0;
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) return -1;
        continue;
      }
      return -1;
    }
    p += (size_t)w;
    n -= (size_t)w;
  }
  return 0;
}

static void say(const char *text) {
  (void)write_all(STDERR_FILENO, (const unsigned char *)text, strlen(text));
}

/* fds 0, 1 and 2 open, so that no descriptor opened later is mistaken for one of them. */
static void ensure_std_fds(void) {
  int fd;
  for (fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int opened = open("/dev/null", O_RDWR);
      if (opened >= 0 && opened != fd) close(opened);
    }
  }
}

static int set_flags(int fd, int nonblocking) {
  int fl = fcntl(fd, F_GETFD);
  if (fl == -1 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1) return -1;
  if (nonblocking) {
    fl = fcntl(fd, F_GETFL);
    if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) return -1;
  }
  return 0;
}

/* All of stdin, up to PAYLOAD_LIMIT + 1 bytes. A read error or the stdin deadline ends the payload
 * where it is: the judge then sees it incomplete and answers as for an unreadable payload. */
static int read_stdin(struct buffer *in) {
  long long deadline = now_ms() + STDIN_TIMEOUT_MS;
  for (;;) {
    struct pollfd pfd;
    size_t want;
    ssize_t n;
    int ready;
    if (in->len > PAYLOAD_LIMIT) return 0;
    want = PAYLOAD_LIMIT + 1 - in->len;
    if (want > CHUNK) want = CHUNK;
    if (reserve(in, want, PAYLOAD_LIMIT + 1) != 0) return -1;
    pfd.fd = STDIN_FILENO;
    pfd.events = POLLIN;
    pfd.revents = 0;
    ready = poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return 0;
    }
    if (ready == 0) {
      debug("stdin still open after the read deadline; passing on what was read", NULL);
      return 0;
    }
    n = read(STDIN_FILENO, in->data + in->len, want);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return 0;
    }
    if (n == 0) return 0;
    in->len += (size_t)n;
  }
}

/* 32 hex digits from /dev/urandom; without it, from the clock, the pid and an address (unique
 * enough to tell this call from others; the id only ever spares the log a second entry). */
static void make_request_id(char *out) {
  static const char hex[] = "0123456789abcdef";
  unsigned char bytes[16];
  size_t got = 0, i;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    while (got < sizeof bytes) {
      ssize_t n = read(fd, bytes + got, sizeof bytes - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += (size_t)n;
    }
    close(fd);
  }
  if (got < sizeof bytes) {
    struct timespec ts;
    unsigned long long mix;
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    mix = (unsigned long long)ts.tv_sec * 1000000007ULL ^ (unsigned long long)ts.tv_nsec ^ ((unsigned long long)getpid() << 32) ^ (unsigned long long)(size_t)&ts;
    for (i = 0; i < sizeof bytes; i++) {
      mix ^= mix << 13;
      mix ^= mix >> 7;
      mix ^= mix << 17;
      bytes[i] = (unsigned char)(mix >> 24);
    }
  }
  for (i = 0; i < sizeof bytes; i++) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
  out[2 * sizeof bytes] = '\0';
}

/* $WARDEN_HOME/warden.sock, else $HOME/.warden/warden.sock. -1 when it does not fit a socket address. */
static int socket_path(char *out, size_t cap) {
  const char *home = getenv("WARDEN_HOME");
  const char *suffix = "warden.sock";
  size_t len;
  int n;
  if (!home || !*home) {
    home = getenv("HOME");
    if (!home || !*home) {
      struct passwd *pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : NULL;
    }
    if (!home || !*home) return -1;
    suffix = ".warden/warden.sock";
  }
  len = strlen(home);
  n = snprintf(out, cap, "%s%s%s", home, home[len - 1] == '/' ? "" : "/", suffix);
  if (n < 0 || (size_t)n >= cap) return -1;
  return 0;
}

/* A decimal count: digits only, no sign, no leading zero, at most `max`. */
static int parse_count(const unsigned char *p, size_t n, unsigned long max, unsigned long *value) {
  unsigned long v = 0;
  size_t i;
  if (n == 0 || n > 10 || (n > 1 && p[0] == '0')) return -1;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (unsigned long)(p[i] - '0'); /* v <= max < ULONG_MAX / 10 before this: no overflow */
    if (v > max) return -1;
  }
  *value = v;
  return 0;
}

/* "<exit code> <stdout length> <stderr length>" (the line, without its newline). */
static int parse_header(const unsigned char *line, size_t n, struct answer *a) {
  unsigned long fields[3];
  const unsigned long max[3] = {255, ANSWER_PART_LIMIT, ANSWER_PART_LIMIT};
  size_t start = 0;
  int f;
  for (f = 0; f < 3; f++) {
    size_t end = start;
    while (end < n && line[end] != ' ') end++;
    if ((f < 2) != (end < n)) return -1; /* exactly two single spaces */
    if (parse_count(line + start, end - start, max[f], &fields[f]) != 0) return -1;
    start = end + 1;
  }
  a->code = (int)fields[0];
  a->out_len = (size_t)fields[1];
  a->err_len = (size_t)fields[2];
  return 0;
}

/*
 * One request and its answer. 0: `answer` holds a whole, well-formed answer and the daemon closed
 * the connection after it. -1: fall back (`why` says why).
 */
static int ask_daemon(const char *path, const char *agent, const char *request_id, const struct buffer *payload, long timeout_ms,
                      struct buffer *answer, struct answer *parsed, const char **why, int *down) {
  struct sockaddr_un addr;
  char header[96];
  size_t header_len, sent = 0, total;
  long long deadline;
  int fd, have_header = 0, done_sending = 0;

  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof addr.sun_path) {
    *why = "the socket path is too long for a Unix socket address";
    return -1;
  }
  memcpy(addr.sun_path, path, strlen(path) + 1);
  {
    /* Only this user's daemon may answer for this user: a socket someone else made is not asked. */
    struct stat st;
    if (lstat(path, &st) != 0) {
      *down = errno == ENOENT;
      *why = errno == ENOENT ? "no daemon socket" : "cannot look at the daemon socket";
      return -1;
    }
    if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid()) {
      *why = "the daemon socket is not a socket owned by this user";
      return -1;
    }
  }
  header_len = (size_t)snprintf(header, sizeof header, "HOOK %s %s\n", agent, request_id);
  total = header_len + payload->len;

  fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) {
    *why = "cannot create a socket";
    return -1;
  }
  if (set_flags(fd, 1) != 0) {
    close(fd);
    *why = "cannot set up the socket";
    return -1;
  }
  deadline = now_ms() + timeout_ms;
  if (connect(fd, (const struct sockaddr *)&addr, sizeof addr) != 0) {
    int err = errno;
    if (err == EINPROGRESS || err == EINTR) {
      /* Finishes in the background: wait for it, within the deadline. */
      struct pollfd pfd;
      socklen_t len = sizeof err;
      int ready;
      pfd.fd = fd;
      pfd.events = POLLOUT;
      do {
        pfd.revents = 0;
        ready = poll(&pfd, 1, remaining_ms(deadline));
      } while (ready < 0 && errno == EINTR);
      if (ready <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = ready == 0 ? ETIMEDOUT : errno;
    }
    if (err != 0) {
      close(fd);
      *down = err == ENOENT || err == ECONNREFUSED;
      *why = err == ENOENT ? "no daemon socket" : err == ECONNREFUSED ? "the daemon socket refuses connections" : err == ETIMEDOUT ? "timed out connecting to the daemon" : "cannot connect to the daemon";
      return -1;
    }
  }

  for (;;) {
    struct pollfd pfd;
    int ready;
    pfd.fd = fd;
    pfd.events = (short)(done_sending ? POLLIN : POLLIN | POLLOUT);
    pfd.revents = 0;
    ready = poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      *why = "poll failed";
      break;
    }
    if (ready == 0) {
      *why = "no complete answer from the daemon before the deadline (WARDEN_HOOK_TIMEOUT_MS)";
      break;
    }
    if (!done_sending && (pfd.revents & (POLLOUT | POLLERR | POLLHUP))) {
      const unsigned char *from = sent < header_len ? (const unsigned char *)header + sent : payload->data + (sent - header_len);
      size_t n = sent < header_len ? header_len - sent : total - sent;
      ssize_t w = send(fd, from, n, SEND_FLAGS);
      if (w >= 0) {
        sent += (size_t)w;
      } else if (errno == EPIPE || errno == ECONNRESET) {
        done_sending = 1; /* the daemon stopped reading (it may have answered already) */
      } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        *why = "sending to the daemon failed";
        break;
      }
      if (!done_sending && sent == total) {
        done_sending = 1;
        (void)shutdown(fd, SHUT_WR);
      }
    }
    if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
      size_t want = ANSWER_LIMIT - answer->len;
      ssize_t r;
      int at_end = 0;
      if (want > CHUNK) want = CHUNK;
      if (want == 0 || reserve(answer, want, ANSWER_LIMIT) != 0) {
        *why = "the daemon's answer is over its size limit";
        break;
      }
      r = recv(fd, answer->data + answer->len, want, 0);
      if (r > 0) {
        answer->len += (size_t)r;
      } else if (r == 0 || errno == ECONNRESET) {
        at_end = 1;
      } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        *why = "reading from the daemon failed";
        break;
      }
      if (!have_header) {
        const unsigned char *nl = answer->len ? memchr(answer->data, '\n', answer->len) : NULL;
        if (nl) {
          if (parse_header(answer->data, (size_t)(nl - answer->data), parsed) != 0) {
            *why = "the daemon's answer header is malformed";
            break;
          }
          parsed->header_len = (size_t)(nl - answer->data) + 1;
          have_header = 1;
        } else if (answer->len >= ANSWER_HEADER_LIMIT) {
          *why = "the daemon's answer header is malformed";
          break;
        }
      }
      if (have_header && answer->len > parsed->header_len + parsed->out_len + parsed->err_len) {
        *why = "the daemon's answer is longer than its header says";
        break;
      }
      if (at_end) {
        if (have_header && answer->len == parsed->header_len + parsed->out_len + parsed->err_len) {
          close(fd);
          return 0;
        }
        *why = have_header ? "the daemon's answer is shorter than its header says" : "the daemon closed the connection without an answer";
        break;
      }
    }
  }
  close(fd);
  return -1;
}

/* `<node> <main.js> hook <agent> --in-process --request-id <id> [--daemon-down]`, the payload on its
 * stdin, its output and exit code passed through. */
static int run_in_process(const char *agent, const char *request_id, const struct buffer *payload, int down) {
  const char *node = getenv("WARDEN_NODE");
  const char *cli = getenv("WARDEN_CLI");
  char *argv[9];
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t defaults;
  int pipefd[2], rc, status;
  pid_t pid;

  if (!node || !*node) node = WARDEN_NODE_DEFAULT;
  if (!cli || !*cli) cli = WARDEN_CLI_DEFAULT;
  if (!*node || !*cli) {
    say("Warden hook client: the daemon is not answering and this build names no Node CLI to judge the call with (set WARDEN_NODE and WARDEN_CLI, or rebuild)\n");
    return EXIT_FAILURE_BLOCK;
  }
  argv[0] = (char *)node;
  argv[1] = (char *)cli;
  argv[2] = "hook";
  argv[3] = (char *)agent;
  argv[4] = "--in-process";
  argv[5] = "--request-id";
  argv[6] = (char *)request_id;
  argv[7] = down ? "--daemon-down" : NULL;
  argv[8] = NULL;

  if (pipe(pipefd) != 0) {
    say("Warden hook client: the daemon is not answering and no pipe could be made for the Node CLI\n");
    return EXIT_FAILURE_BLOCK;
  }
  if (set_flags(pipefd[0], 0) != 0 || set_flags(pipefd[1], 0) != 0 ||
      posix_spawn_file_actions_init(&actions) != 0) {
    close(pipefd[0]);
    close(pipefd[1]);
    say("Warden hook client: the daemon is not answering and the Node CLI cannot be set up\n");
    return EXIT_FAILURE_BLOCK;
  }
  if (posix_spawnattr_init(&attr) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[0]);
    close(pipefd[1]);
    say("Warden hook client: the daemon is not answering and the Node CLI cannot be set up\n");
    return EXIT_FAILURE_BLOCK;
  }
  /* The pipe's read end becomes its stdin (dup2 clears close-on-exec on the copy); both ends close
   * at exec. SIGPIPE, ignored here, is back to its default there. */
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  rc = posix_spawn_file_actions_adddup2(&actions, pipefd[0], STDIN_FILENO);
  if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr, &defaults);
  if (rc == 0) rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  if (rc == 0) rc = posix_spawn(&pid, node, &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipefd[0]);
  if (rc != 0) {
    close(pipefd[1]);
    fprintf(stderr, "Warden hook client: the daemon is not answering and %s cannot be started: %s\n", node, strerror(rc));
    return EXIT_FAILURE_BLOCK;
  }
  /* A CLI that exits without reading it all ends the write with EPIPE: its answer still counts. */
  (void)write_all(pipefd[1], payload->data, payload->len);
  close(pipefd[1]);
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      say("Warden hook client: lost track of the Node CLI it started\n");
      return EXIT_FAILURE_BLOCK;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fprintf(stderr, "Warden hook client: the Node CLI (%s %s) ended by signal %d\n", node, cli, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return EXIT_FAILURE_BLOCK;
}

/* WARDEN_HOOK_TIMEOUT_MS: a whole number of milliseconds, 1 to 600000; anything else is the default. */
static long hook_timeout(void) {
  const char *text = getenv("WARDEN_HOOK_TIMEOUT_MS");
  unsigned long v;
  if (!text || !*text) return DEFAULT_TIMEOUT_MS;
  if (parse_count((const unsigned char *)text, strlen(text), MAX_TIMEOUT_MS, &v) != 0 || v == 0) {
    debug("WARDEN_HOOK_TIMEOUT_MS is not a whole number of milliseconds from 1 to 600000; using 5000", text);
    return DEFAULT_TIMEOUT_MS;
  }
  return (long)v;
}

static void usage(FILE *to) {
  size_t i;
  fprintf(to, "usage: warden-hook <agent>\n\nagents:");
  for (i = 0; i < AGENT_COUNT; i++) fprintf(to, " %s", AGENTS[i]);
  fprintf(to,
          "\n\nPasses the hook payload on stdin to the Warden daemon ($WARDEN_HOME/warden.sock, else\n"
          "$HOME/.warden/warden.sock) and prints its answer. Without an answer within\n"
          "WARDEN_HOOK_TIMEOUT_MS (default 5000), runs `warden hook <agent> --in-process` instead.\n"
          "Exits 2 when neither can answer. WARDEN_HOOK_DEBUG=1 says on stderr why it fell back.\n");
}

int main(int argc, char **argv) {
  struct buffer payload = {NULL, 0, 0};
  struct buffer reply = {NULL, 0, 0};
  struct answer parsed;
  struct sigaction ignore;
  char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
  char request_id[REQUEST_ID_SIZE];
  const char *why = "no daemon socket";
  const char *agent;
  const char *dbg = getenv("WARDEN_HOOK_DEBUG");
  size_t i;
  int known = 0, code, down = 0;

  debug_enabled = dbg && *dbg && strcmp(dbg, "0") != 0;
  ensure_std_fds();
  memset(&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  (void)sigaction(SIGPIPE, &ignore, NULL); /* a reader gone is an EPIPE error, handled where it happens */

  if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout);
    return 0;
  }
  if (argc != 2) {
    usage(stderr);
    return EXIT_FAILURE_BLOCK;
  }
  agent = argv[1];
  for (i = 0; i < AGENT_COUNT; i++) known |= strcmp(agent, AGENTS[i]) == 0;
  if (!known) {
    fprintf(stderr, "warden-hook: no hook for \"");
    for (i = 0; agent[i] && i < 64; i++) {
      unsigned char c = (unsigned char)agent[i];
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') fprintf(stderr, "\\x%02x", c);
      else fputc(c, stderr);
    }
    fprintf(stderr, "%s\" (agents:", agent[i] ? "..." : "");
    for (i = 0; i < AGENT_COUNT; i++) fprintf(stderr, "%s %s", i ? "," : "", AGENTS[i]);
    fprintf(stderr, ")\n");
    return EXIT_FAILURE_BLOCK;
  }

  if (read_stdin(&payload) != 0) {
    say("Warden hook client: out of memory reading the hook payload\n");
    return EXIT_FAILURE_BLOCK;
  }

  memset(&parsed, 0, sizeof parsed);
  make_request_id(request_id);
  if (socket_path(path, sizeof path) != 0) {
    why = "the socket path is too long for a Unix socket address, or there is no home directory";
  } else if (ask_daemon(path, agent, request_id, &payload, hook_timeout(), &reply, &parsed, &why, &down) != 0) {
    /* why says it */
  } else if (parsed.code != 0) {
    /* A hook answer always exits 0; any other code is the daemon refusing the request (exit 1 for
     * a request it does not know). Passed on, it would be a hook failure, which most agents let
     * through: the call is judged in-process instead. */
    why = "the daemon refused the request (a non-zero exit code)";
  } else {
    const unsigned char *out = reply.data + parsed.header_len;
    (void)write_all(STDOUT_FILENO, out, parsed.out_len);
    (void)write_all(STDERR_FILENO, out + parsed.out_len, parsed.err_len);
    return parsed.code;
  }
  debug("judging in-process", why);
  free(reply.data);
  code = run_in_process(agent, request_id, &payload, down);
  free(payload.data);
  return code;
}
