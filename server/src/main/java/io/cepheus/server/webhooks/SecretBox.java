package io.cepheus.server.webhooks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the endpoints' signing secrets for the control topic, and decrypts them to sign: AES-GCM
 * (NIST SP 800-38D) with a random 96-bit nonce per encryption and a 128-bit tag, the endpoint's name
 * as associated data (a secret copied to another endpoint's record does not decrypt). The text form
 * is {@code v1:} and the base64 of nonce and ciphertext. Every node that dispatches or shows webhooks
 * needs the same key. Thread-safe.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 16, 24 or 32 bytes */
    public SecretBox(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** {@code secret} encrypted for endpoint {@code endpoint}. */
    public String seal(String endpoint, String secret) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, endpoint, nonce, secret.getBytes(StandardCharsets.UTF_8));
        return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                .put(sealed).array());
    }

    /**
     * The secret {@link #seal} encrypted for {@code endpoint}.
     *
     * @throws IllegalStateException if it was encrypted with another key or for another endpoint, or is
     *     not this box's text (the message never holds the secret)
     */
    public String open(String endpoint, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("the signing secret of endpoint " + endpoint + " is not encrypted by Cepheus");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the signing secret of endpoint " + endpoint + " is not base64");
        }
        if (all.length <= NONCE) {
            throw new IllegalStateException("the signing secret of endpoint " + endpoint + " is cut short");
        }
        byte[] nonce = java.util.Arrays.copyOf(all, NONCE);
        byte[] clear = crypt(Cipher.DECRYPT_MODE, endpoint, nonce, java.util.Arrays.copyOfRange(all, NONCE, all.length));
        return new String(clear, StandardCharsets.UTF_8);
    }

    private byte[] crypt(int mode, String endpoint, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(endpoint.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("the signing secret of endpoint " + endpoint + " does not decrypt with this"
                    + " node's key (webhook.secret.key): every node needs the same key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
        }
    }
}
