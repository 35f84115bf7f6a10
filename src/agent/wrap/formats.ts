// The editor for a config file's format.
import { JSON_SERVERS } from './json-servers.js';
import type { ServerFormat } from './server-format.js';
import { TOML_SERVERS } from './toml-servers.js';

export const formatOf = (format: 'json' | 'toml'): ServerFormat => (format === 'toml' ? TOML_SERVERS : JSON_SERVERS);
