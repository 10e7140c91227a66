package io.cronwheel.bench;

import java.util.function.Consumer;

/** The PostgreSQL server of a run and the database the run drops and creates on it. */
record Database(Pg.Url admin, String name) {
    static Database parse(Args args, String defaultName) {
        return new Database(
                Pg.Url.parse(args.string("db-url", "postgresql://postgres@127.0.0.1:5432/postgres")),
                args.string("db-name", defaultName));
    }

    /**
     * Makes sure the server answers (starting the local cluster if it does not), then drops and creates the run's
     * database.
     *
     * @return the server's version
     */
    String recreate(Consumer<String> log) throws Exception {
        Pg.ensureServer(admin, log);
        Pg.recreateDatabase(admin, name);
        return Pg.version(bench());
    }

    /** The run's own database. */
    Pg.Url bench() {
        return admin.withDatabase(name);
    }
}
