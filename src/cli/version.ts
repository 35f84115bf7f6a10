// The version this build of Warden reports (CLI, daemon status, enrollment).
export const VERSION = '0.1.0';
