// The editor for a config file's format.
import type { ConfigFormat } from './clients.js';
import { JSON_SERVERS } from './json-servers.js';
import type { ServerFormat } from './server-format.js';
import { TOML_SERVERS } from './toml-servers.js';
import { YAML_SERVERS } from './yaml-servers.js';

const FORMATS: Readonly<Record<ConfigFormat, ServerFormat>> = { json: JSON_SERVERS, toml: TOML_SERVERS, yaml: YAML_SERVERS };

export const formatOf = (format: ConfigFormat): ServerFormat => FORMATS[format];
