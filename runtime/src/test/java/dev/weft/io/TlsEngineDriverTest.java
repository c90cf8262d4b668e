package dev.weft.io;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TlsEngineDriver} alone: a client and a server driver joined by two real pipes (one per direction), moved
 * by hand, with a certificate made by the JDK's keytool. No loop and no socket: what is checked is the driver's
 * own bookkeeping (plaintext held until the handshake finished, the buffered count, the close_notify after the
 * data, the alert after a failure).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsEngineDriverTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext serverContext;
    private static SSLContext clientContext;
    /** Another key and certificate for the same names. */
    private static KeyStore stranger;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        KeyStore keys = keytool(dir.resolve("server.p12"));
        stranger = keytool(dir.resolve("stranger.p12"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        clientContext = trusting(keys.getCertificate("server"));
    }

    /** A self-signed certificate for localhost, made by the JDK's keytool into {@code store}. */
    private static KeyStore keytool(Path store) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        byte[] output;
        try (InputStream out = keytool.getInputStream()) {
            output = out.readAllBytes();
        }
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, keytool.exitValue(), () -> "keytool failed: " + new String(output, StandardCharsets.UTF_8));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    /** One side: its driver, what it decrypted, and the pipe ends it reads from and writes to. */
    private static final class Side {
        final TlsEngineDriver driver;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Pipe.SourceChannel in;
        Pipe.SinkChannel out;

        Side(SSLEngine engine) {
            driver = new TlsEngineDriver(engine, received::write);
        }

        /** One round: read what arrived, advance, send. Whether anything moved. */
        boolean round() throws IOException {
            int read = driver.fillFrom(in);
            boolean moved = driver.advance();
            int sent = driver.flushTo(out);
            return read > 0 || moved || sent > 0;
        }
    }

    private static Side[] connect(String protocol) throws IOException {
        return connect(protocol, clientContext);
    }

    private static Side[] connect(String protocol, SSLContext clientTls) throws IOException {
        SSLEngine c = clientTls.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = serverContext.createSSLEngine();
        s.setUseClientMode(false);
        if (protocol != null) {
            c.setEnabledProtocols(new String[] {protocol});
            s.setEnabledProtocols(new String[] {protocol});
        }
        Side client = new Side(c);
        Side server = new Side(s);
        Pipe up = Pipe.open();
        Pipe down = Pipe.open();
        for (Pipe p : List.of(up, down)) {
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
        }
        client.out = up.sink();
        server.in = up.source();
        server.out = down.sink();
        client.in = down.source();
        client.driver.begin();
        server.driver.begin();
        return new Side[] {client, server};
    }

    /** Rounds until neither side moves (bounded: a driver that spins forever fails the test). */
    private static void settle(Side a, Side b) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            boolean moved = a.round();
            moved |= b.round();
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the drivers never settled");
    }

    @Test
    void plaintextWrittenBeforeTheHandshakeIsHeldThenDelivered() throws IOException {
        Side[] sides = connect(null);
        Side client = sides[0];
        Side server = sides[1];
        byte[] early = "written by the server before the handshake\n".getBytes(StandardCharsets.UTF_8);
        server.driver.queue(early, 0, early.length);
        assertEquals(early.length, server.driver.bufferedPlaintext());
        server.driver.advance(); // nothing from the client yet: the server can only wait
        assertFalse(server.driver.handshakeDone());
        assertEquals(early.length, server.driver.bufferedPlaintext(), "held, not encrypted, before the handshake");

        settle(client, server);
        assertTrue(client.driver.handshakeDone());
        assertTrue(server.driver.handshakeDone());
        assertArrayEquals(early, client.received.toByteArray());
        assertEquals(0, server.driver.bufferedPlaintext());
    }

    @Test
    void bulkBytesBothWaysArriveIntactTls13() throws IOException {
        bulkBothWays(null);
    }

    @Test
    void bulkBytesBothWaysArriveIntactTls12() throws IOException {
        bulkBothWays("TLSv1.2");
    }

    private void bulkBothWays(String protocol) throws IOException {
        Side[] sides = connect(protocol);
        Side client = sides[0];
        Side server = sides[1];
        byte[] up = new byte[1_000_000];
        byte[] down = new byte[700_001];
        new Random(7).nextBytes(up);
        new Random(8).nextBytes(down);
        // in uneven pieces, so records and writes do not line up
        for (int at = 0; at < up.length; at += 9_973) {
            client.driver.queue(up, at, Math.min(9_973, up.length - at));
        }
        server.driver.queue(down, 0, down.length);
        settle(client, server);
        assertArrayEquals(up, server.received.toByteArray());
        assertArrayEquals(down, client.received.toByteArray());
        assertEquals(0, client.driver.bufferedPlaintext());
        assertEquals(0, server.driver.bufferedPlaintext());
    }

    @Test
    void closeNotifyFollowsTheDataAndEndsThePeersInbound() throws IOException {
        Side[] sides = connect(null);
        Side client = sides[0];
        Side server = sides[1];
        settle(client, server);
        byte[] last = "the last words".getBytes(StandardCharsets.UTF_8);
        client.driver.queue(last, 0, last.length);
        client.driver.requestClose();
        settle(client, server);
        assertTrue(client.driver.outboundDone(), "the client's close_notify is out");
        assertTrue(server.driver.inboundDone(), "the server read it");
        assertArrayEquals(last, server.received.toByteArray(), "every byte before the close_notify arrived");
        assertFalse(server.driver.outboundDone(), "TLS 1.3: the server may still write");
    }

    @Test
    void tls12AnswersThePeersCloseNotifyWithItsOwn() throws IOException {
        Side[] sides = connect("TLSv1.2");
        Side client = sides[0];
        Side server = sides[1];
        settle(client, server);
        client.driver.requestClose();
        settle(client, server);
        assertTrue(server.driver.inboundDone());
        assertTrue(server.driver.outboundDone(), "TLS 1.2 closes both directions: the transport closes the socket");
    }

    @Test
    void closeRequestedDuringTheHandshakeWaitsForItAndThePendingBytes() throws IOException {
        Side[] sides = connect(null);
        Side client = sides[0];
        Side server = sides[1];
        byte[] bye = "bye\n".getBytes(StandardCharsets.UTF_8);
        server.driver.queue(bye, 0, bye.length);
        server.driver.requestClose();
        settle(client, server);
        assertTrue(client.driver.handshakeDone(), "the handshake was not cut short");
        assertArrayEquals(bye, client.received.toByteArray());
        assertTrue(server.driver.outboundDone());
        assertTrue(client.driver.inboundDone());
    }

    @Test
    void aClientTrustingNothingFailsTheHandshake() throws Exception {
        // the JDK's trust manager throws an unchecked exception for an empty trust store: still a handshake failure
        SSLException[] failures = handshake(trusting());
        assertTrue(failures[0].getCause() instanceof RuntimeException, failures[0]::toString);
        assertTrue(failures[1].getMessage().contains("alert"), failures[1]::toString);
    }

    @Test
    void aClientRefusingTheCertificateSendsAnAlertThatFailsTheServer() throws Exception {
        SSLException[] failures = handshake(trusting(stranger.getCertificate("server")));
        assertTrue(failures[0].getMessage().contains("PKIX"), failures[0]::toString);
        assertTrue(failures[1].getMessage().contains("alert"), failures[1]::toString);
    }

    private static SSLContext trusting(java.security.cert.Certificate... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            trust.setCertificateEntry("trusted-" + i, certificates[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Runs a handshake that the client (using {@code clientTls}) must refuse, sends the client's alert to the server,
     * and returns both sides' handshake failures.
     */
    private static SSLException[] handshake(SSLContext clientTls) throws IOException {
        Side[] sides = connect(null, clientTls);
        Side client = sides[0];
        Side server = sides[1];
        SSLException atClient;
        try {
            settle(client, server);
            throw new AssertionError("the handshake succeeded");
        } catch (SSLException e) {
            atClient = e;
        }
        assertTrue(atClient instanceof SSLHandshakeException, atClient::toString);
        assertFalse(client.driver.handshakeDone());
        client.driver.prepareAlert();
        assertTrue(client.driver.hasOutbound(), "the client has an alert for the server");
        client.driver.flushTo(client.out);
        server.driver.fillFrom(server.in);
        SSLException atServer = assertThrows(SSLHandshakeException.class, server.driver::advance);
        return new SSLException[] {atClient, atServer};
    }

    @Test
    void garbageFailsWithAnSslExceptionAndLeavesAnAlertToSend() throws IOException {
        Side[] sides = connect(null);
        Side server = sides[1];
        Pipe.SinkChannel plaintextClient = sides[0].out;
        byte[] http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        plaintextClient.write(ByteBuffer.wrap(http));
        server.driver.fillFrom(server.in);
        assertThrows(SSLException.class, server.driver::advance);
        assertFalse(server.driver.hasOutbound());
        server.driver.prepareAlert();
        assertTrue(server.driver.hasOutbound(), "the engine's alert is ready for the peer");
        server.driver.discard();
        assertEquals(0, server.driver.bufferedPlaintext());
        assertFalse(server.driver.hasOutbound());
        assertTrue(Arrays.equals(new byte[0], server.received.toByteArray()), "no plaintext came out of garbage");
    }
}
