// The demo fleet's health command: HANDS_OFF_HOST must answer 200 with HANDS_OFF_REVISION.
const host = process.env.HANDS_OFF_HOST ?? '';
const revision = process.env.HANDS_OFF_REVISION ?? '';
try {
  const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2000) });
  const body = await response.text();
  if (response.status !== 200 || body !== revision) {
    console.error(
      `fleet-health: ${host} answered ${response.status} ${body.slice(0, 80)}, expected 200 ${revision}`,
    );
    process.exit(1);
  }
  console.log(`fleet-health: ${host} serves ${revision}`);
} catch (error) {
  console.error(`fleet-health: ${host}: ${error.message}`);
  process.exit(1);
}
