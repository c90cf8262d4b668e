package dev.weft.it.io;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by the JDK's own {@code keytool} (run as a process, into a test's temporary
 * folder), and the {@link SSLContext}s of a server holding one and of a client trusting some.
 *
 * <p>Invariants: a {@code TlsFixture} holds one key pair and its certificate, loaded from the keystore keytool
 * wrote; nothing is read from or written outside the folder it was given.
 */
final class TlsFixture {
    private static final String ALIAS = "weft-test";
    private static final String PASSWORD = "changeit";

    private final KeyStore keys;

    private TlsFixture(KeyStore keys) {
        this.keys = keys;
    }

    /**
     * A new key pair with a self-signed certificate for {@code commonName}, with {@code subjectAltNames} in
     * keytool's syntax ({@code dns:localhost,ip:127.0.0.1}).
     */
    static TlsFixture generate(Path dir, String name, String commonName, String subjectAltNames)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltNames, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        byte[] output;
        try (InputStream out = keytool.getInputStream()) {
            output = out.readAllBytes();
        }
        if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
            keytool.destroyForcibly();
            throw new IOException("keytool did not finish within a minute");
        }
        if (keytool.exitValue() != 0) {
            throw new IOException("keytool failed (" + keytool.exitValue() + "): " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return new TlsFixture(keys);
    }

    Certificate certificate() throws GeneralSecurityException {
        return keys.getCertificate(ALIAS);
    }

    /** A server presenting this certificate. */
    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client trusting exactly these certificates (none: it trusts no server at all). */
    static SSLContext clientTrusting(TlsFixture... trusted) throws GeneralSecurityException, IOException {
        return clientTrusting("TLS", trusted);
    }

    /**
     * Like {@link #clientTrusting(TlsFixture...)}, from the JDK's {@code SSLContext} for {@code protocol}
     * ({@code "TLSv1.2"}: a client that offers TLS 1.2 at most).
     */
    static SSLContext clientTrusting(String protocol, TlsFixture... trusted) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trust.setCertificateEntry("trusted-" + i, trusted[i].certificate());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
