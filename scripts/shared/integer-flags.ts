/** Default, minimum and maximum of an integer command-line option. */
export type IntegerLimits = readonly [defaultValue: number, min: number, max: number];

export const flagName = (name: string) => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/**
 * Parses `--some-option 12` style integer options, each bounded (bench and load runs must stay
 * bounded in count and time). `extra` takes the options that are not integers; it answers whether
 * it consumed the option (and advances past its value itself).
 */
export function parseIntegerFlags<K extends string>(
  argv: string[],
  limits: Record<K, IntegerLimits>,
  extra: (name: string, next: () => string | undefined) => boolean = () => false,
  extraNames: string[] = [],
): Record<K, number> {
  const args = Object.fromEntries(Object.entries(limits).map(([k, l]) => [k, (l as IntegerLimits)[0]])) as Record<K, number>;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (extra(name, () => argv[++i])) continue;
    const bounds = (limits as Record<string, IntegerLimits | undefined>)[name];
    if (!bounds) throw new Error(`Unknown option ${argv[i]}. Options: ${[...Object.keys(limits).map(flagName), ...extraNames].join(' ')}`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < bounds[1] || value > bounds[2]) throw new Error(`${argv[i - 1]} must be an integer in ${bounds[1]}..${bounds[2]}`);
    args[name as K] = value;
  }
  return args;
}
