/** Small real sources in three languages, and the edits the git tests commit to them. */

export const LOADER_TS = `export interface Config {
  name: string;
  retries: number;
}

export function parseConfig(text: string): Config {
  const raw = JSON.parse(text);
  return { name: raw.name, retries: raw.retries ?? 3 };
}

export function loadDefaults(): Config {
  return { name: 'default', retries: 3 };
}

export class Parser {
  parse(input: string): string[] {
    return input.split(',');
  }
}
`;

/** parseConfig's default changes; nothing else. */
export const LOADER_TS_PARSE_CONFIG_EDITED = LOADER_TS.replace('raw.retries ?? 3', 'raw.retries ?? 5');

/** Then loadDefaults' default changes (committed together with a rename). */
export const LOADER_TS_LOAD_DEFAULTS_EDITED = LOADER_TS_PARSE_CONFIG_EDITED.replace("name: 'default', retries: 3", "name: 'default', retries: 4");

export const MODELS_PY = `class User:
    def __init__(self, name):
        self.name = name

    def save(self, db):
        db.insert(self.name)


def helper(value):
    return value * 2
`;

export const MODELS_PY_SAVE_EDITED = MODELS_PY.replace('db.insert(self.name)', 'db.upsert(self.name)');

export const SERVER_GO = `package main

import "fmt"

type Server struct {
\tport int
}

func (s *Server) Start() error {
\tfmt.Println("starting", s.port)
\treturn nil
}

func main() {
\ts := &Server{port: 8080}
\t_ = s.Start()
}
`;

export const SERVER_GO_START_EDITED = SERVER_GO.replace('fmt.Println("starting", s.port)', 'fmt.Println("listening on", s.port)');
