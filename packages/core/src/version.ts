/** Version of hands-off, recorded in every decision log. */
export const VERSION = '0.1.0';
