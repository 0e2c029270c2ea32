package io.cepheus.server.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A city where the demo's users log in.
 *
 * @param city its name
 * @param country ISO 3166-1 alpha-2
 * @param lat latitude, degrees
 * @param lon longitude, degrees
 * @param region the cities a user of this one also logs in from: all within 500 km of each other, so
 *     that moving between them never looks like impossible travel; 0 for cities no user lives in
 */
record Place(String city, String country, double lat, double lon, int region) {

    /** Where users live, by region (each region's cities within 500 km of each other), and far-away cities. */
    static final List<Place> ALL = List.of(
            new Place("Lisbon", "PT", 38.7223, -9.1393, 1),
            new Place("Porto", "PT", 41.1579, -8.6291, 1),
            new Place("Coimbra", "PT", 40.2033, -8.4103, 1),
            new Place("Madrid", "ES", 40.4168, -3.7038, 2),
            new Place("Valencia", "ES", 39.4699, -0.3763, 2),
            new Place("Paris", "FR", 48.8566, 2.3522, 3),
            new Place("Brussels", "BE", 50.8503, 4.3517, 3),
            new Place("Amsterdam", "NL", 52.3676, 4.9041, 3),
            new Place("London", "GB", 51.5074, -0.1278, 3),
            new Place("Berlin", "DE", 52.5200, 13.4050, 4),
            new Place("Hamburg", "DE", 53.5511, 9.9937, 4),
            new Place("Warsaw", "PL", 52.2297, 21.0122, 5),
            new Place("Krakow", "PL", 50.0647, 19.9450, 5),
            new Place("New York", "US", 40.7128, -74.0060, 0),
            new Place("Sao Paulo", "BR", -23.5505, -46.6333, 0),
            new Place("Lagos", "NG", 6.5244, 3.3792, 0),
            new Place("Singapore", "SG", 1.3521, 103.8198, 0),
            new Place("Sydney", "AU", -33.8688, 151.2093, 0),
            new Place("Tokyo", "JP", 35.6762, 139.6503, 0));

    /**
     * Where {@code user} lives: a city of a region, always the same for one name — so that a name drawn
     * again at a later start (another seed) does not seem to have moved across Europe since.
     */
    static Place home(String user) {
        List<Place> homes = ALL.stream().filter(p -> p.region() != 0).toList();
        return homes.get(Math.floorMod(user.hashCode(), homes.size()));
    }

    /** A city of {@code home}'s region (possibly {@code home} itself). */
    static Place near(Place home, RandomGenerator random) {
        List<Place> region = ALL.stream().filter(p -> p.region() == home.region()).toList();
        return region.get(random.nextInt(region.size()));
    }

    /** A city on another continent. */
    static Place faraway(RandomGenerator random) {
        List<Place> far = ALL.stream().filter(p -> p.region() == 0).toList();
        return far.get(random.nextInt(far.size()));
    }

    /** Somewhere in the city: its centre moved by up to about 5 km. */
    double[] spot(RandomGenerator random) {
        return new double[] {
            Math.round((lat + random.nextDouble(-0.04, 0.04)) * 1e4) / 1e4,
            Math.round((lon + random.nextDouble(-0.04, 0.04)) * 1e4) / 1e4};
    }
}
