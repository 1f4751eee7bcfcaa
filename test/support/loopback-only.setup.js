'use strict';
// jest setupFiles entry: every test file runs with the loopback guard installed.
require('../../scripts/loopback-guard.js');
