package io.rambla.apply;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts AWS API calls by operation name, so tests and benchmarks can see how much work a sync did. */
public final class AwsCallCounter implements ExecutionInterceptor {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    public long count(String operation) {
        AtomicLong n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public long total() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
