// Stand-in for `moment-timezone` inside the ncc bundles (mapped by tsconfig "paths").
// date-holidays needs moment-timezone only to place equinoxes in a country's zone; the full
// package embeds 727 kB of zone history since 1800. The build writes the same data filtered to
// 2000-2100 (about 100 kB) and this module loads it instead. Tests use the real package.
const moment = require('moment-timezone/moment-timezone.js');
moment.tz.load(require('../../../../../build/moment-timezone-2000-2100.json'));
module.exports = moment;
