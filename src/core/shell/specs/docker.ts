// docker's management commands repeat the classic top-level ones: `docker container run` is `docker run`.

const CONTAINER = 'attach commit cp create diff exec export kill logs pause port prune rename restart rm run start stats stop top unpause update wait';
const IMAGE = 'build history import load pull push save tag';

export const DOCKER_COMMAND_PATHS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(CONTAINER.split(' ').map((c) => [`container ${c}`, c])),
  ...Object.fromEntries(IMAGE.split(' ').map((c) => [`image ${c}`, c])),
  'container ls': 'ps', 'container list': 'ps', 'container ps': 'ps', 'container inspect': 'inspect',
  'image rm': 'rmi', 'image remove': 'rmi', 'image ls': 'images', 'image list': 'images', 'image inspect': 'inspect',
  'builder build': 'build', 'buildx build': 'build',
};
