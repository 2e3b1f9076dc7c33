package io.smartgrid.support;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The application's event counters by name, e.g. {@code readings_rejected{reason=too_short}}. */
public final class Counters {
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** Keys already given to the registry: a counter created while {@link #publishTo} runs is seen by both. */
    private final java.util.Set<String> published = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile String prefix;

    /** From now on every counter, present and future, is also a Micrometer counter {@code <prefix><name>_total}. */
    public synchronized void publishTo(MeterRegistry registry, String prefix) {
        if (registry != this.registry) {
            published.clear();
        }
        this.registry = registry;
        this.prefix = prefix;
        counters.forEach(this::register);
    }

    private void register(String key, LongAdder adder) {
        MeterRegistry r = registry;
        if (r == null || !published.add(key)) {
            return;
        }
        int brace = key.indexOf('{');
        String name = brace < 0 ? key : key.substring(0, brace);
        FunctionCounter.Builder<LongAdder> b = FunctionCounter.builder(prefix + name, adder, LongAdder::sum);
        if (brace >= 0) {
            for (String tag : key.substring(brace + 1, key.length() - 1).split(",")) {
                int eq = tag.indexOf('=');
                b.tag(tag.substring(0, eq), tag.substring(eq + 1));
            }
        }
        b.register(r);
    }

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long n) {
        LongAdder a = counters.get(name);
        if (a == null) {
            a = counters.computeIfAbsent(name, k -> {
                LongAdder created = new LongAdder();
                register(k, created);
                return created;
            });
        }
        a.add(n);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Sum of every counter whose name starts with {@code prefix} (all reasons of a labelled counter). */
    public long sum(String prefix) {
        long total = 0;
        for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                total += e.getValue().sum();
            }
        }
        return total;
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
