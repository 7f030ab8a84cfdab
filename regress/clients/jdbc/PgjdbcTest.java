/*
 * PgjdbcTest.java
 *     The real PostgreSQL JDBC driver (Debian libpostgresql-jdbc-java) against a server.
 *     pgjdbc uses the extended protocol for everything: BEGIN in front of the first
 *     statement of a transaction in the same Sync batch, named server-prepared statements
 *     after prepareThreshold executions, binary results for the types it decodes once a
 *     statement is described, typed parameters (int4 and int8 in binary, varchar in text),
 *     pipelined batches, named portals with a row limit for setFetchSize (PortalSuspended),
 *     and a CancelRequest for setQueryTimeout; COPY through the driver's CopyManager; the
 *     DatabaseMetaData calls. Every case asserts the values it reads back.
 *
 * Usage: java -cp /usr/share/java/postgresql.jar PgjdbcTest.java URL USER PASSWORD [--connect-only]
 * Prints "test NAME ... ok/FAILED" per case and exits 1 if any failed; with --connect-only
 * it only connects and prints "connected" or the SQLSTATE of the refusal.
 */
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class PgjdbcTest {
    interface Case {
        void run() throws Exception;
    }

    static Connection conn;
    static int failed = 0;

    static void check(boolean cond, String what) {
        if (!cond)
            throw new AssertionError(what);
    }

    static void run(String name, Case c) {
        try {
            c.run();
            System.out.println("test pgjdbc_" + name + " ... ok");
        } catch (Throwable e) {
            failed++;
            System.out.println("test pgjdbc_" + name + " ... FAILED\n    " + e);
            try {
                if (!conn.getAutoCommit())
                    conn.rollback();
            } catch (SQLException ignored) {
            }
        }
    }

    static String sqlState(Case c) throws Exception {
        try {
            c.run();
        } catch (SQLException e) {
            return e.getSQLState();
        }
        return "no error";
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", "pgjdbc_test");
        return DriverManager.getConnection(url, p);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        if (args.length > 3 && args[3].equals("--connect-only")) {
            try {
                connect(url, user, password).close();
                System.out.println("connected");
            } catch (SQLException e) {
                System.out.println(e.getSQLState());
            }
            return;
        }
        conn = connect(url, user, password);

        run("connect", () -> {
            check(conn.getMetaData().getDatabaseMajorVersion() == 15, "server major version");
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SHOW application_name")) {
                check(rs.next() && rs.getString(1).equals("pgjdbc_test"), "application_name");
            }
        });

        run("create_and_prepared", () -> {
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE jdbc_items (id int PRIMARY KEY, name varchar(20), "
                          + "price numeric(10,2), flag bool, big int8, f float8)");
            }
            try (PreparedStatement ps = conn.prepareStatement(
                     "INSERT INTO jdbc_items VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 7; i++) { /* crosses prepareThreshold (5): S_n */
                    ps.setInt(1, i);
                    ps.setString(2, "item" + i);
                    ps.setBigDecimal(3, new BigDecimal(i + ".25"));
                    ps.setBoolean(4, i % 2 == 0);
                    ps.setLong(5, 1L << (30 + i));
                    ps.setDouble(6, i / 4.0);
                    check(ps.executeUpdate() == 1, "insert count");
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                     "SELECT id, name, price, flag, big, f FROM jdbc_items WHERE id = ? AND name LIKE ?")) {
                for (int i = 1; i <= 7; i++) { /* later executions ask for binary results */
                    ps.setInt(1, i);
                    ps.setString(2, "item%");
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next(), "row " + i);
                        check(rs.getInt(1) == i, "id");
                        check(rs.getString(2).equals("item" + i), "name");
                        check(rs.getBigDecimal(3).equals(new BigDecimal(i + ".25")), "price " + rs.getBigDecimal(3));
                        check(rs.getBoolean(4) == (i % 2 == 0), "flag");
                        check(rs.getLong(5) == 1L << (30 + i), "big");
                        check(rs.getDouble(6) == i / 4.0, "f");
                        check(!rs.next(), "one row");
                    }
                }
            }
        });

        run("batch_commit_and_rollback", () -> {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO jdbc_items (id, name) VALUES (?, ?)")) {
                for (int i = 100; i < 110; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "b" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                check(counts.length == 10 && counts[0] == 1 && counts[9] == 1, "batch counts");
            }
            conn.commit();
            try (Statement s = conn.createStatement()) {
                check(s.executeUpdate("DELETE FROM jdbc_items WHERE id >= 100") == 10, "delete count");
                conn.rollback();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM jdbc_items WHERE id >= 100")) {
                    check(rs.next() && rs.getLong(1) == 10, "rollback kept the rows");
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
        });

        run("batch_error_keeps_nothing", () -> {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO jdbc_items (id) VALUES (?)")) {
                for (int id : new int[] {200, 201, 1}) {
                    ps.setInt(1, id);
                    ps.addBatch();
                }
                String state = sqlState(ps::executeBatch);
                check(state.equals("23505"), "duplicate in batch: " + state);
            }
            conn.rollback();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM jdbc_items WHERE id >= 200")) {
                check(rs.next() && rs.getLong(1) == 0, "nothing of the failed batch");
            }
            conn.commit();
            conn.setAutoCommit(true);
        });

        run("fetch_size_portal", () -> {
            conn.setAutoCommit(false); /* a fetch size needs a transaction: named portal + row limit */
            List<Integer> ids = new ArrayList<>();
            try (Statement s = conn.createStatement()) {
                s.setFetchSize(3);
                try (ResultSet rs = s.executeQuery("SELECT id FROM jdbc_items ORDER BY id")) {
                    while (rs.next())
                        ids.add(rs.getInt(1));
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
            check(ids.size() == 17 && ids.get(0) == 1 && ids.get(16) == 109, "ids " + ids);
        });

        run("generated_keys", () -> {
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE jdbc_keys (id serial PRIMARY KEY, name text)");
            }
            /* RETURN_GENERATED_KEYS: the driver appends RETURNING * and reads the row. */
            try (PreparedStatement ps = conn.prepareStatement(
                     "INSERT INTO jdbc_keys (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 1; i <= 3; i++) {
                    ps.setString(1, "k" + i);
                    check(ps.executeUpdate() == 1, "insert count");
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        check(keys.next() && keys.getInt("id") == i, "generated key " + i);
                        check(keys.getString("name").equals("k" + i), "returned name");
                    }
                }
            }
            try (Statement s = conn.createStatement()) {
                s.execute("DROP TABLE jdbc_keys");
            }
        });

        run("metadata_get_tables", () -> {
            java.sql.DatabaseMetaData md = conn.getMetaData();
            try (ResultSet rs = md.getTables(null, "public", "jdbc_items", null)) {
                check(rs.next(), "jdbc_items listed");
                check(rs.getString("TABLE_NAME").equals("jdbc_items"), "name");
                check(rs.getString("TABLE_TYPE").equals("TABLE"), "type " + rs.getString("TABLE_TYPE"));
                check(!rs.next(), "one table");
            }
            try (ResultSet rs = md.getTables(null, "pg_catalog", "pg_class", null)) {
                check(rs.next() && rs.getString("TABLE_TYPE").equals("SYSTEM TABLE"), "pg_class");
            }
        });

        run("metadata_get_columns", () -> {
            // getColumns numbers the columns with row_number() OVER (PARTITION BY attrelid
            // ORDER BY attnum) inside a subquery in FROM: window functions through the driver.
            java.sql.DatabaseMetaData md = conn.getMetaData();
            String[] names = {"id", "name", "price", "flag", "big", "f"};
            String[] types = {"int4", "varchar", "numeric", "bool", "int8", "float8"};
            try (ResultSet rs = md.getColumns(null, "public", "jdbc_items", null)) {
                for (int i = 0; i < names.length; i++) {
                    check(rs.next(), "column " + names[i]);
                    check(rs.getString("COLUMN_NAME").equals(names[i]), "name " + rs.getString("COLUMN_NAME"));
                    check(rs.getInt("ORDINAL_POSITION") == i + 1, "position " + rs.getInt("ORDINAL_POSITION"));
                    check(rs.getString("TYPE_NAME").equals(types[i]), "type " + rs.getString("TYPE_NAME"));
                }
                check(!rs.next(), "six columns");
            }
            try (ResultSet rs = md.getColumns(null, "public", "jdbc_items", "pri%")) {
                check(rs.next() && rs.getInt("COLUMN_SIZE") == 10 && rs.getInt("DECIMAL_DIGITS") == 2,
                      "numeric(10,2) size");
                check(rs.getInt("NULLABLE") == java.sql.DatabaseMetaData.columnNullable, "nullable");
                check(!rs.next(), "one column");
            }
        });

        run("metadata_get_schemas", () -> {
            java.sql.DatabaseMetaData md = conn.getMetaData();
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next())
                    schemas.add(rs.getString("TABLE_SCHEM"));
            }
            check(schemas.contains("public") && schemas.contains("pg_catalog")
                      && schemas.contains("information_schema"), "schemas " + schemas);
        });

        run("metadata_get_primary_keys_and_index_info", () -> {
            // pgjdbc expands pg_index.indkey with information_schema._pg_expandarray and
            // selects fields of its record result: (keys).x, (_pg_expandarray(...)).n
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE jdbc_pk (a int, b text, c int, PRIMARY KEY (c, a))");
            }
            try {
                java.sql.DatabaseMetaData md = conn.getMetaData();
                try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_pk")) {
                    check(rs.next(), "first key column");
                    check(rs.getString("TABLE_SCHEM").equals("public"), "schema");
                    check(rs.getString("TABLE_NAME").equals("jdbc_pk"), "table");
                    check(rs.getString("COLUMN_NAME").equals("c"), "column " + rs.getString("COLUMN_NAME"));
                    check(rs.getInt("KEY_SEQ") == 1, "key_seq 1");
                    check(rs.getString("PK_NAME").equals("jdbc_pk_pkey"), "pk name " + rs.getString("PK_NAME"));
                    check(rs.next(), "second key column");
                    check(rs.getString("COLUMN_NAME").equals("a"), "column " + rs.getString("COLUMN_NAME"));
                    check(rs.getInt("KEY_SEQ") == 2, "key_seq 2");
                    check(rs.getString("PK_NAME").equals("jdbc_pk_pkey"), "same pk name");
                    check(!rs.next(), "two key columns");
                }
                // getIndexInfo: the same expansion, and indoption[k] & 1::smallint for DESC
                try (Statement s = conn.createStatement()) {
                    s.execute("CREATE INDEX jdbc_pk_b ON jdbc_pk (b DESC, a)");
                }
                try (ResultSet rs = md.getIndexInfo(null, "public", "jdbc_pk", false, false)) {
                    String[] want = {"jdbc_pk_pkey 1 c A", "jdbc_pk_pkey 2 a A", "jdbc_pk_b 1 b D", "jdbc_pk_b 2 a A"};
                    for (String w : want) {
                        check(rs.next(), "index row " + w);
                        String got = rs.getString("INDEX_NAME") + " " + rs.getShort("ORDINAL_POSITION") + " "
                            + rs.getString("COLUMN_NAME") + " " + rs.getString("ASC_OR_DESC");
                        check(got.equals(w), "index row " + got + ", expected " + w);
                        check(rs.getBoolean("NON_UNIQUE") == w.startsWith("jdbc_pk_b"), "non_unique " + w);
                    }
                    check(!rs.next(), "four index rows");
                }
                try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_items")) {
                    check(rs.next() && rs.getString("COLUMN_NAME").equals("id") && rs.getShort("KEY_SEQ") == 1, "jdbc_items key");
                    check(!rs.next(), "one key column");
                }
            } finally {
                try (Statement s = conn.createStatement()) {
                    s.execute("DROP TABLE jdbc_pk");
                }
            }
        });

        run("typed_parameters", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                     "SELECT ?::date + 1, ?::int4[], ?::jsonb ->> 'k', ?::uuid")) {
                ps.setDate(1, java.sql.Date.valueOf("2024-02-28"));
                ps.setArray(2, conn.createArrayOf("int4", new Integer[] {1, 2}));
                ps.setString(3, "{\"k\": \"v\"}");
                ps.setObject(4, java.util.UUID.fromString("00000000-0000-0000-0000-000000000007"));
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next(), "row");
                    check(rs.getDate(1).toString().equals("2024-02-29"), "date " + rs.getDate(1));
                    Integer[] arr = (Integer[]) rs.getArray(2).getArray();
                    check(arr.length == 2 && arr[1] == 2, "array");
                    check(rs.getString(3).equals("v"), "jsonb ->>");
                    check(rs.getObject(4).toString().endsWith("7"), "uuid");
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM jdbc_items WHERE id = ANY(?) ORDER BY id")) {
                ps.setArray(1, conn.createArrayOf("int4", new Integer[] {2, 3, 99}));
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next() && rs.getInt(1) == 2 && rs.next() && rs.getInt(1) == 3 && !rs.next(), "= ANY(array)");
                }
            }
        });

        run("copy_in_and_out", () -> {
            org.postgresql.copy.CopyManager cm =
                conn.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE jdbc_copy (k text PRIMARY KEY, v int)");
            }
            long in = cm.copyIn("COPY jdbc_copy FROM STDIN (FORMAT csv)",
                                new java.io.StringReader("a,1\n\"b,c\",\nd,-4\n"));
            check(in == 3, "copied in " + in);
            java.io.StringWriter out = new java.io.StringWriter();
            long n = cm.copyOut("COPY (SELECT k, v FROM jdbc_copy ORDER BY k) TO STDOUT (FORMAT csv, HEADER)", out);
            check(n == 3, "copied out " + n);
            check(out.toString().equals("k,v\na,1\n\"b,c\",\nd,-4\n"), "csv " + out);
            String state = sqlState(() -> cm.copyIn("COPY jdbc_copy FROM STDIN",
                                                    new java.io.StringReader("x\tnot-a-number\n")));
            check(state.equals("22P02"), "bad row: " + state);
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM jdbc_copy")) {
                check(rs.next() && rs.getLong(1) == 3, "the failed COPY kept nothing");
                s.execute("DROP TABLE jdbc_copy");
            }
        });

        run("isolation_and_read_only", () -> {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            conn.setReadOnly(true);
            try (Statement s = conn.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
                    check(rs.next() && rs.getString(1).equals("serializable"), "isolation");
                }
                try (ResultSet rs = s.executeQuery("SHOW transaction_read_only")) {
                    check(rs.next() && rs.getString(1).equals("on"), "read only");
                }
                String state = sqlState(() -> s.executeUpdate("DELETE FROM jdbc_items"));
                check(state.equals("25006"), "write in read-only: " + state);
            }
            conn.rollback();
            conn.setReadOnly(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            conn.setAutoCommit(true);
        });

        run("errors_keep_the_connection", () -> {
            try (Statement s = conn.createStatement()) {
                check(sqlState(() -> s.executeQuery("SELECT 1/0")).equals("22012"), "division");
                check(sqlState(() -> s.executeQuery("SELECT * FROM no_such")).equals("42P01"), "no table");
                try (PreparedStatement ps = conn.prepareStatement("SELECT ?::int")) {
                    ps.setString(1, "twelve");
                    check(sqlState(ps::executeQuery).equals("22P02"), "bad integer");
                }
                try (ResultSet rs = s.executeQuery("SELECT 42")) {
                    check(rs.next() && rs.getInt(1) == 42, "still usable");
                }
            }
        });

        run("query_timeout_cancels", () -> {
            try (Statement s = conn.createStatement()) {
                s.setQueryTimeout(1);
                long t0 = System.nanoTime();
                String state = sqlState(() -> s.executeQuery("SELECT pg_sleep(10)"));
                check(state.equals("57014"), "cancelled: " + state);
                check(System.nanoTime() - t0 < 8_000_000_000L, "cancel took too long");
            }
        });

        run("cleanup", () -> {
            try (Statement s = conn.createStatement()) {
                s.execute("DROP TABLE jdbc_items");
            }
            conn.close();
        });
        System.exit(failed == 0 ? 0 : 1);
    }
}
