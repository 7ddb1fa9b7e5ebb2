// Types for the parts of astronomia (pure JS, no types of its own) that the Hindu
// lunisolar calendar uses. Angles are radians; JDE is a Julian ephemeris day.
declare module 'astronomia/moonposition' {
  /** Geocentric ecliptic position of the Moon (Meeus ch. 47). */
  export function position(jde: number): { lon: number; lat: number; range: number };
}
declare module 'astronomia/solar' {
  /** Apparent ecliptic longitude of the Sun; `T` in Julian centuries from J2000. */
  export function apparentLongitude(T: number): number;
}
declare module 'astronomia/base' {
  /** Julian centuries since J2000 of a JDE. */
  export function J2000Century(jde: number): number;
}
declare module 'astronomia/julian' {
  /** JDE of a JavaScript Date. */
  export function DateToJDE(date: Date): number;
  /** JavaScript Date of a JDE. */
  export function JDEToDate(jde: number): Date;
}
declare module 'astronomia/moonphase' {
  /** JDE of the new moon nearest to a decimal year. */
  export function newMoon(year: number): number;
}
