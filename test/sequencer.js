const Sequencer = require('@jest/test-sequencer').default;

/** Seconds a file of each tier is expected to take when this machine has not timed it yet (a cold cache, as on CI). */
const EXPECTED_SECONDS = { slow: 150, e2e: 15, medium: 3, unit: 0.5 };

/**
 * Longest first, so that the two workers finish together instead of one running the browser tests alone at the
 * end: a file's last measured time when Jest has one, else its tier's estimate. Unlike Jest's default, a file that
 * failed last time is not moved to the front, since that would undo the schedule (use --onlyFailures for that).
 */
class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const expected = (test) => {
      const measured = this.time(test);
      return measured != null ? measured / 1000 : (EXPECTED_SECONDS[test.context.config.displayName?.name] ?? 8);
    };
    return [...tests].sort((a, b) => expected(b) - expected(a) || a.path.localeCompare(b.path));
  }
}

module.exports = LongestFirstSequencer;
