package io.carecache.benchmarks;

import io.carecache.KeyRing;
import io.carecache.internal.crypto.AeadCipher;
import io.carecache.internal.crypto.BouncyCastleAesGcm;
import io.carecache.internal.crypto.JceAesGcm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** AES-256-GCM encrypt and decrypt of one answer: the JDK provider against BouncyCastle, side by side. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {
    @Param({"2048", "10240"})
    int bytes;

    @Param({"jce", "bouncycastle"})
    String implementation;

    private AeadCipher cipher;
    private SecretKey key;
    private byte[] nonce;
    private final byte[] freshNonce = new byte[AeadCipher.NONCE_BYTES];
    private byte[] aad;
    private byte[] plaintext;
    private byte[] ciphertext;

    @Setup
    public void setUp() {
        cipher = implementation.equals("jce") ? new JceAesGcm() : new BouncyCastleAesGcm();
        key = KeyRing.generate("bench").secretKey("bench").orElseThrow();
        nonce = new byte[AeadCipher.NONCE_BYTES];
        aad = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        plaintext = Answers.ofBytes(bytes, 7).aiResponse().getBytes(StandardCharsets.UTF_8);
        ciphertext = cipher.encrypt(key, nonce, aad, plaintext, plaintext.length);
    }

    private long counter;

    @Benchmark
    public byte[] encrypt() {
        // A fresh nonce per message, as in production (the JDK refuses to reuse one).
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            freshNonce[i] = (byte) (n >>> (8 * i));
        }
        return cipher.encrypt(key, freshNonce, aad, plaintext, plaintext.length);
    }

    @Benchmark
    public byte[] decrypt() {
        return cipher.decrypt(key, nonce, aad, ciphertext);
    }
}
