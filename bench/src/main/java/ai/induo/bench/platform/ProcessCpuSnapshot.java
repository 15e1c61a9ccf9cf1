package ai.induo.bench.platform;

import ai.induo.bench.stack.LocalStack;
import ai.induo.bench.stack.ProcessCpu;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CPU milliseconds each of the stack's four working processes has used so far, by figure name. */
record ProcessCpuSnapshot(Map<String, Double> millis) {

    /** Figure name → the part's pid file name under {@code $INDUO_HOME/run}, in the order figures are shown. */
    private static final List<Map.Entry<String, String>> PROCESSES = List.of(Map.entry("gateway", LocalStack.GATEWAY),
            Map.entry("worker", LocalStack.WORKER), Map.entry("database", LocalStack.DATABASE),
            Map.entry("broker", LocalStack.BROKER));

    static ProcessCpuSnapshot of(LocalStack stack) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (Map.Entry<String, String> process : PROCESSES) {
            Long pid = stack.pids().get(process.getValue());
            if (pid == null) {
                throw new IllegalStateException("the stack has no " + process.getValue() + " process: " + stack.pids());
            }
            millis.put(process.getKey(), ProcessCpu.millis(pid));
        }
        return new ProcessCpuSnapshot(millis);
    }

    /** Each process's CPU since {@code before}, and their {@code total}. */
    Map<String, Double> since(ProcessCpuSnapshot before) {
        Map<String, Double> used = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> process : millis.entrySet()) {
            double delta = process.getValue() - before.millis().get(process.getKey());
            used.put(process.getKey(), delta);
            total += delta;
        }
        used.put("total", total);
        return used;
    }
}
