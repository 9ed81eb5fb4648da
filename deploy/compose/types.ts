// Shapes of a compose configuration as the checks see it (after YAML parsing).

export type Env = Record<string, string | undefined>;

export interface ComposeService {
  image?: string;
  build?: unknown;
  user?: string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | Record<string, unknown>>;
  networks?: string[] | Record<string, unknown>;
  healthcheck?: Record<string, unknown>;
  depends_on?: string[] | Record<string, unknown>;
  volumes?: Array<string | Record<string, unknown>>;
  [key: string]: unknown;
}

export interface ComposeFile {
  services?: Record<string, ComposeService>;
  networks?: Record<string, Record<string, unknown> | null>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SchemaIssue {
  path: string;
  message: string;
}
