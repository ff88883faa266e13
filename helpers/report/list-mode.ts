/**
 * `playwright test --list` loads the config and calls every reporter's onBegin/onEnd without
 * running anything: reporters that write files or clean up must do nothing then, or a listing
 * would overwrite the last real run's results (and print every check as "never started").
 */
export const isListMode = (argv: readonly string[] = process.argv): boolean => argv.includes('--list');
