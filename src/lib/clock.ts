/** A time source in milliseconds since the epoch; injected wherever time matters, so tests move it instead of sleeping. */
export type Clock = () => number;
