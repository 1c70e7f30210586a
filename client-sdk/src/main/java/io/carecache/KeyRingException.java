package io.carecache;

/** The key ring could not be read or has no usable active key. The message never holds key material. */
public final class KeyRingException extends CareCacheException {
    public KeyRingException(String message) {
        super(message);
    }
}
