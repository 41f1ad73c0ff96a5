/**
 * Flags for the bench scripts: `--name value`, `--name=value` and bare `--flag` (true).
 * Deliberately tiny: the scripts take a handful of options and must run with no dependencies.
 */
export function parseArgs(argv, defaults) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}": options look like --name value`);
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    const key = name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
    if (!(key in defaults)) {
      const known = Object.keys(defaults).map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
      throw new Error(`Unknown option --${name}. Known options: ${known.join(', ')}`);
    }
    if (value === undefined) {
      if (typeof defaults[key] === 'boolean') value = 'true';
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new Error(`Option --${name} needs a value`);
    }
    options[key] = coerce(value, defaults[key], name);
  }
  return options;
}

function coerce(value, example, name) {
  if (typeof example === 'boolean') return value !== 'false' && value !== '0';
  if (typeof example === 'number') {
    const number = Number(value.replace(/_/g, ''));
    if (!Number.isFinite(number)) throw new Error(`Option --${name} needs a number, got "${value}"`);
    return number;
  }
  if (Array.isArray(example)) return value.split(',').map((item) => item.trim()).filter(Boolean);
  return value;
}
