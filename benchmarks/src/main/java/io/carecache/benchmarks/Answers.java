package io.carecache.benchmarks;

import io.carecache.CareResponse;

import java.util.List;
import java.util.Random;

/** Realistic answers of a given size: English-like text, so compression behaves as in production. */
final class Answers {
    private static final String[] WORDS = ("take your medication with food and monitor your blood glucose "
            + "before meals if you feel dizzy sit down drink water and contact your care team anxiety can raise "
            + "heart rate breathing exercises help sleep hygiene matters regular exercise lowers a1c").split(" ");

    private Answers() {
    }

    static CareResponse ofBytes(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes);
        while (text.length() < bytes) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        text.setLength(bytes);
        return new CareResponse(text.toString(), List.of("ada-standards-2026", "nimh-gad"), 0.91);
    }
}
