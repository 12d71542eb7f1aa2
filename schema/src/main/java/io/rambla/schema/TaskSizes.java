package io.rambla.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * AWS's rules for task sizes, checked when a file is read so that a size AWS would refuse fails
 * at validate with file:line rather than at apply.
 *
 * <p>On EC2, Rambla sets cpu and memory per container, as Barcelona did, and no task-level size:
 * the container rules apply (memory at least 6 MiB, cpu any non-negative number). On Fargate, the
 * task size is required and must be one of Fargate's cpu/memory pairs; the container's memory
 * must fit in it.
 */
public final class TaskSizes {

    /** A Fargate CPU value and the memory sizes (MiB) allowed with it. */
    private record FargateCpu(int cpu, int minMemory, int maxMemory, int step, List<Integer> extra) {
        boolean allows(int memory) {
            return extra.contains(memory) || memory >= minMemory && memory <= maxMemory && (memory - minMemory) % step == 0;
        }

        String describe() {
            List<String> parts = new ArrayList<>(extra.stream().map(String::valueOf).toList());
            parts.add(minMemory + "–" + maxMemory + " in steps of " + step);
            return cpu + " → " + String.join(", ", parts);
        }
    }

    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
    private static final List<FargateCpu> FARGATE = List.of(
            new FargateCpu(256, 1024, 2048, 1024, List.of(512)),
            new FargateCpu(512, 1024, 4096, 1024, List.of()),
            new FargateCpu(1024, 2048, 8192, 1024, List.of()),
            new FargateCpu(2048, 4096, 16384, 1024, List.of()),
            new FargateCpu(4096, 8192, 30720, 1024, List.of()),
            new FargateCpu(8192, 16384, 61440, 4096, List.of()),
            new FargateCpu(16384, 32768, 122880, 8192, List.of()));

    /** A task's size: what the task definition (or the RunTask override) holds. */
    public record Size(int cpu, int memory) {}

    private TaskSizes() {}

    /**
     * The Fargate task size for a container of {@code memory} MiB and {@code cpu} units (null: the
     * smallest Fargate cpu that allows the memory, else 256).
     */
    public static Size fargate(Integer cpu, int memory) {
        if (cpu != null) {
            return new Size(cpu, memory);
        }
        return FARGATE.stream().filter(f -> f.allows(memory)).findFirst()
                .map(f -> new Size(f.cpu(), memory))
                .orElse(new Size(Defaults.FARGATE_MIN_CPU, memory));
    }

    /** Barcelona's one-off size raised to Fargate's minimum where needed (128 CPU units do not exist there). */
    public static Size fargateOneOff(int cpu, int memory) {
        return fargate(cpu < Defaults.FARGATE_MIN_CPU ? null : cpu, memory);
    }

    /**
     * Why Fargate refuses this task size, or empty when it accepts it; {@code cpuGiven} false when the cpu
     * is the one Rambla chose for the memory, so the message speaks of the memory alone.
     */
    public static Optional<String> fargateProblem(Size size, boolean cpuGiven) {
        if (!cpuGiven && FARGATE.stream().noneMatch(f -> f.allows(size.memory()))) {
            return Optional.of("no Fargate task size has " + size.memory() + " MiB; Fargate takes "
                    + FARGATE.get(0).describe() + ", " + FARGATE.get(1).describe() + " MiB (CPU units → MiB), and more"
                    + " for more CPU");
        }
        return fargateProblem(size);
    }

    /** Why Fargate refuses this task size, or empty when it accepts it. */
    public static Optional<String> fargateProblem(Size size) {
        Optional<FargateCpu> cpu = FARGATE.stream().filter(f -> f.cpu() == size.cpu()).findFirst();
        if (cpu.isEmpty()) {
            return Optional.of("Fargate has no task size with " + size.cpu() + " CPU units; it takes "
                    + FARGATE.stream().map(f -> String.valueOf(f.cpu())).collect(Collectors.joining(", ")));
        }
        if (!cpu.get().allows(size.memory())) {
            List<Integer> fits = FARGATE.stream().filter(f -> f.allows(size.memory())).map(FargateCpu::cpu).toList();
            return Optional.of("Fargate does not run " + size.cpu() + " CPU units with " + size.memory() + " MiB; with "
                    + size.cpu() + " it takes " + cpu.get().describe().replaceFirst("^\\d+ → ", "") + " MiB"
                    + (fits.isEmpty() ? "" : ", and " + size.memory() + " MiB goes with cpu " + fits.stream()
                    .map(String::valueOf).collect(Collectors.joining(" or "))));
        }
        return Optional.empty();
    }
}
