/* global process */
// Test-only preload for the compiled bot (node --import this): its clock runs CLOCK_SHIFT_MS ahead, so a
// proof can restart the bot "a month later" and watch its own expiry remove state. Nothing in the
// production server can move its clock.
const shift = Number(process.env['CLOCK_SHIFT_MS'] ?? 0);
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + shift;
