/** A configuration value that cannot be used: the service refuses to start and prints the message. */
export class ConfigError extends Error {}
