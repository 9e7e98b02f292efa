package io.cinemix.benchmarks;

import java.util.Random;

/** Distinct client keys shaped like IPv4 addresses ({@code 10.x.y.z}), as a per-client limiter would see them. */
final class Keys {
    static final int MILLION = 1_000_000;

    private Keys() {
    }

    static String[] distinct(int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
        }
        return keys;
    }

    /** The same keys in a fixed random order, so lookups do not walk memory in insertion order. */
    static String[] shuffled(String[] keys) {
        String[] copy = keys.clone();
        Random random = new Random(7);
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return copy;
    }
}
