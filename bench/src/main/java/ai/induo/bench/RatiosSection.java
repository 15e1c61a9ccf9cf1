package ai.induo.bench;

import java.util.Map;

/**
 * The platform against the floor, from figures measured earlier in the same run: platform CPU per job
 * over the floor's, and each process's share of the platform's CPU per job. Missing figures (a section
 * left out or failed) leave the ratio out, with the reason.
 */
final class RatiosSection implements BenchSection {

    static final String FLOOR_TOTAL = "floor.total.cpu_ms_per_job";
    static final String PLATFORM_TOTAL = "platform.cpu_ms_per_job.total";
    static final String PLATFORM_PREFIX = "platform.cpu_ms_per_job.";

    @Override
    public String name() {
        return "ratios";
    }

    @Override
    public void run(BenchContext context, Results results) {
        var floor = results.number(FLOOR_TOTAL);
        var platform = results.number(PLATFORM_TOTAL);
        if (floor.isEmpty() || platform.isEmpty()) {
            results.put("ratios.missing", "needs " + FLOOR_TOTAL + " and " + PLATFORM_TOTAL + " from this run");
            return;
        }
        results.put("ratios.platform_cpu_over_floor", platform.get() / floor.get());
        for (Map.Entry<String, Object> figure : results.all().entrySet()) {
            String path = figure.getKey();
            if (path.startsWith(PLATFORM_PREFIX) && !path.equals(PLATFORM_TOTAL) && figure.getValue() instanceof Double cpu) {
                results.put("ratios.share." + path.substring(PLATFORM_PREFIX.length()), cpu / platform.get());
            }
        }
    }
}
