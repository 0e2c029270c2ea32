package io.cepheus.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SSRF guard: which addresses are refused and why, URLs' form, and names resolved once. */
class AddressGuardTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0                  | an unspecified address
            0.1.2.3                  | an unspecified address
            127.0.0.1                | a loopback address
            127.255.0.9              | a loopback address
            10.1.2.3                 | a private address
            172.16.0.1               | a private address
            172.31.255.255           | a private address
            192.168.1.1              | a private address
            100.64.0.1               | a private address
            169.254.169.254          | the cloud metadata address
            169.254.1.1              | a link-local address
            224.0.0.1                | a multicast address
            239.255.255.250          | a multicast address
            240.0.0.1                | a reserved address
            255.255.255.255          | a reserved address
            192.0.0.170              | a reserved address
            198.18.0.1               | a reserved address
            ::                       | an unspecified address
            ::1                      | a loopback address
            fe80::1                  | a link-local address
            fc00::1                  | a private address
            fd12:3456::1             | a private address
            fec0::1                  | a private address
            fd00:ec2::254            | the cloud metadata address
            ff02::1                  | a multicast address
            ::ffff:10.0.0.1          | a private address
            ::ffff:127.0.0.1         | a loopback address
            ::ffff:169.254.169.254   | the cloud metadata address
            ::10.0.0.1               | a private address
            64:ff9b::a00:1           | a private address
            64:ff9b:1::1             | a private address
            2002:a00:1::1            | a private address
            2001:0:4136:e378::1      | a reserved address
            2001:db8::1              | a reserved address
            100::1                   | a reserved address
            8.8.8.8                  | allowed
            172.32.0.1               | allowed
            100.128.0.1              | allowed
            2606:4700::1111          | allowed
            ::ffff:8.8.8.8           | allowed
            2002:808:808::1          | allowed
            64:ff9b::808:808         | allowed
            """)
    void everyAddressIsJudgedAsItsRangeSays(String address, String expected) throws UnknownHostException {
        byte[] bytes = raw(address);

        Optional<String> why = AddressGuard.refusal(bytes, false);

        assertThat(why.map(w -> w.substring(0, w.indexOf(w.contains(" (") ? " (" : ":")))).isEqualTo(
                expected.equals("allowed") ? Optional.empty() : Optional.of(expected));
    }

    /** The address's bytes as written: an IPv4-mapped IPv6 address stays 16 bytes (the JDK would make it IPv4). */
    private static byte[] raw(String address) throws UnknownHostException {
        if (address.startsWith("::ffff:")) {
            byte[] v4 = InetAddress.getByName(address.substring(7)).getAddress();
            byte[] a = new byte[16];
            a[10] = (byte) 0xff;
            a[11] = (byte) 0xff;
            System.arraycopy(v4, 0, a, 12, 4);
            return a;
        }
        return InetAddress.getByName(address).getAddress();
    }

    @Test
    void loopbackIsAllowedOnlyWhenConfiguredAndPrivateNeverIs() throws UnknownHostException {
        assertThat(AddressGuard.refusal(raw("127.0.0.1"), false)).hasValue(
                "a loopback address (webhook.allow.loopback=true allows it): webhooks go to public addresses only");
        assertThat(AddressGuard.refusal(raw("127.0.0.1"), true)).isEmpty();
        assertThat(AddressGuard.refusal(raw("::1"), true)).isEmpty();
        assertThat(AddressGuard.refusal(raw("10.0.0.1"), true)).hasValue(
                "a private address: webhooks go to public addresses only");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ftp://example.com/x                     | url 'ftp://example.com/x' is not http or https
            /relative                               | url '/relative' is not http or https
            http://user:pw@example.com/             | url 'http://user:pw@example.com/' has user info: credentials do not go in a webhook URL
            https://example.com/x#frag              | url 'https://example.com/x#frag' has a fragment (#...)
            http:///path                            | url 'http:///path' has no host
            http://10.0.0.1/hook                    | url 'http://10.0.0.1/hook' is refused: 10.0.0.1 is a private address: webhooks go to public addresses only
            http://169.254.169.254/latest/meta-data | url 'http://169.254.169.254/latest/meta-data' is refused: 169.254.169.254 is the cloud metadata address: webhooks go to public addresses only
            http://[::ffff:a00:1]/x                 | url 'http://[::ffff:a00:1]/x' is refused: ::ffff:a00:1 is a private address: webhooks go to public addresses only
            http://internal.example/x               | url 'http://internal.example/x' is refused: internal.example resolves to 10.9.8.7, which is a private address: webhooks go to public addresses only
            """)
    void aUrlIsCheckedForItsFormAndWhereItsHostResolves(String url, String message) {
        AddressGuard guard = new AddressGuard(true, resolver(Map.of("internal.example", "10.9.8.7")));

        assertThatThrownBy(() -> guard.checkUrl(url)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aNameThatDoesNotResolveYetIsAcceptedAndCheckedAtEachAttempt() {
        AddressGuard guard = new AddressGuard(false, resolver(Map.of("hooks.example", "93.184.216.34")));

        guard.checkUrl("https://nowhere.example/x");
        guard.checkUrl("https://hooks.example/x");

        assertThatThrownBy(() -> guard.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aNameWithOneRefusedAddressAmongItsAddressesIsRefused() {
        AddressGuard guard = new AddressGuard(false, host -> new InetAddress[] {
            InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")});

        assertThatThrownBy(() -> guard.resolve("mixed.example")).isInstanceOf(AddressGuard.Refused.class)
                .hasMessage("mixed.example resolves to 10.0.0.1, which is a private address: webhooks go to public"
                        + " addresses only");
    }

    /** A resolver of fixed names; others do not resolve. */
    static AddressGuard.Resolver resolver(Map<String, String> names) {
        return host -> {
            String a = names.get(host);
            if (a == null) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(a)};
        };
    }
}
