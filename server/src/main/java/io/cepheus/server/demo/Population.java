package io.cepheus.server.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The demo's cast, made once from the seeded random: the cards, accounts, users and devices of the
 * benign traffic, and fresh ones — never seen before, never reused — for each planted run, so that an
 * alert's key tells which run it came from. Ids look like real ones: masked card numbers, account
 * numbers, user names, terminal ids. Not thread-safe (the timeline's thread uses it).
 */
final class Population {

    /** A user and the city they live in. */
    record User(String name, Place home) {}

    /** An account and the device its owner uses. */
    record Account(String id, String device) {}

    private static final String[] BINS = {"453201", "455673", "516732", "522198", "401288", "542418", "491761", "479126"};
    private static final String[] FIRST = {"ana", "joao", "maria", "pedro", "sofia", "lucas", "emma", "noah", "mia",
        "leon", "julia", "hugo", "ines", "tomas", "clara", "felix", "zoe", "ivan", "nina", "omar"};
    private static final String[] LAST = {"silva", "santos", "garcia", "martin", "muller", "schmidt", "dubois", "rossi",
        "kowalski", "novak", "jansen", "peeters", "smith", "costa", "lopez", "weber"};
    private static final String[] PHONES = {"iPhone 15", "iPhone 13", "Pixel 8", "Galaxy S23", "Galaxy A54", "Xiaomi 13"};
    private static final String[] TERMINALS = {"pos", "atm", "kiosk"};
    private static final String[] SITES = {"lis", "opo", "mad", "par", "ber", "ams"};

    final List<String> cards;
    final List<Account> accounts;
    final List<User> users;
    final List<String> hosts;
    private final Set<String> taken = new HashSet<>();
    private final RandomGenerator random;

    /**
     * Draws the benign cast: {@code cards} cards, {@code accounts} accounts, {@code users} users and
     * {@code hosts} devices, all different.
     *
     * @param random the demo's random numbers
     */
    Population(RandomGenerator random, int cards, int accounts, int users, int hosts) {
        this.random = random;
        this.cards = List.copyOf(distinct(cards, this::cardNumber));
        this.accounts = distinct(accounts, this::accountNumber).stream().map(a -> new Account(a, device())).toList();
        this.users = distinct(users, this::userName).stream().map(u -> new User(u, Place.home(u))).toList();
        this.hosts = List.copyOf(distinct(hosts, this::hostName));
    }

    /** A card never used before. */
    String freshCard() {
        return fresh(this::cardNumber);
    }

    /** An account never used before. */
    String freshAccount() {
        return fresh(this::accountNumber);
    }

    /** A user never seen before (at this start), at home somewhere. */
    User freshUser() {
        String name = fresh(this::userName);
        return new User(name, Place.home(name));
    }

    /** A device id never seen before. */
    String freshHost() {
        return fresh(this::hostName);
    }

    /** A phone, as the account events name it: its model and a short id. */
    String device() {
        return PHONES[random.nextInt(PHONES.length)] + " (" + Integer.toHexString(0x1000 + random.nextInt(0xF000)) + ")";
    }

    <T> T any(List<T> of) {
        return of.get(random.nextInt(of.size()));
    }

    private List<String> distinct(int n, Supplier<String> make) {
        List<String> made = new ArrayList<>(n);
        while (made.size() < n) {
            made.add(fresh(make));
        }
        return made;
    }

    private String fresh(Supplier<String> make) {
        while (true) {
            String id = make.get();
            if (taken.add(id)) {
                return id;
            }
        }
    }

    private String cardNumber() {
        return BINS[random.nextInt(BINS.length)] + "******" + String.format("%04d", random.nextInt(10_000));
    }

    private String accountNumber() {
        return "ACC" + (10_000_000 + random.nextInt(90_000_000));
    }

    private String userName() {
        return FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)] + random.nextInt(100);
    }

    private String hostName() {
        return TERMINALS[random.nextInt(TERMINALS.length)] + "-" + SITES[random.nextInt(SITES.length)] + "-"
                + String.format("%04d", random.nextInt(10_000));
    }
}
