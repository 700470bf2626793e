import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deterministic generator of the sample inputs in samples/ and of src/main/resources/db/do-not-mail.csv.
 *
 * <p>Run from the repository root: {@code java samples/GenerateSamples.java /work/shared/data} (the argument is the
 * folder holding us-postal-codes.csv and disposable-email-domains.txt). JDK only, fixed seed: the same reference data
 * always gives byte-identical output. Every planted defect is the only defect of its record, so the outcome of each
 * record is known in advance; the plan is printed and written to samples/README.md.
 */
public class GenerateSamples {

    static final long SEED = 20_240_611L;
    static final int DATA_LINES = 2000;
    /** Physical line numbers (header = line 1) of the malformed lines in customers-2000.csv. */
    static final int LINE_TOO_FEW = 334;
    static final int LINE_TOO_MANY = 1001;
    static final int LINE_SEMICOLONS = 1667;
    static final String HEADER = "id,first_name,last_name,email,street,city,state,postal_code";

    /** What was planted in a record; each record gets exactly one kind. */
    enum Kind {
        CITY_MISMATCH(60, "address", "city is another real city of the same state"),
        WRONG_STATE(15, "address", "state is a different state"),
        UNKNOWN_POSTAL_CODE(20, "address", "postal code is not in the reference file"),
        NO_POSTAL_CODE(10, "address", "postal code field is empty"),
        INVALID_EMAIL(30, "email", "e-mail syntax is invalid"),
        DISPOSABLE_EMAIL(30, "email", "e-mail domain (or a parent domain) is disposable"),
        SUPPRESSED_EMAIL(25, "suppression", "e-mail is on the do-not-mail list (different letter case)"),
        ZIP_PLUS_4(20, null, "ZIP+4 postal code (valid)"),
        ODD_CITY(20, null, "city in odd letter case and/or with surrounding spaces (valid)"),
        QUOTED_NAME(4, null, "first name with embedded double quotes (valid)"),
        CLEAN(-1, null, "plain valid record");

        final int count;
        final String flags;
        final String what;

        Kind(int count, String flags, String what) {
            this.count = count;
            this.flags = flags;
            this.what = what;
        }
    }

    record Zip(String code, String city, String state) {
    }

    static final List<String> STATES = List.of(
            "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS",
            "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV",
            "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY");

    static final List<String> FIRST_NAMES = List.of(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen",
            "Charles", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
            "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle",
            "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
            "Ronald", "Rebecca", "Jason", "Laura", "Edward", "Sharon", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
            "José", "Renée", "Zoë", "Chloé");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
            "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
            "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
            "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
            "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
            "O'Brien", "O'Connor", "Smith-Jones", "Núñez");

    /** Nickname first names: the value written is e.g. {@code Robert "Bobby"} (CSV: {@code "Robert ""Bobby"""}). */
    static final String[][] NICKNAMES = {
            {"Robert", "Bobby"}, {"William", "Bill"}, {"Elizabeth", "Liz"}, {"James", "Jim"}, {"Katherine", "Kate"}};

    static final List<String> STREET_NAMES = List.of(
            "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Main", "Park", "Walnut", "Sunset",
            "Highland", "Church", "Willow", "Jefferson", "Lincoln", "Madison", "Franklin", "Ridge", "River", "Spring",
            "Meadow", "Forest", "Chestnut", "Hickory", "Birch", "Jackson", "Mill", "Center", "Union", "Prospect");
    static final List<String> STREET_TYPES = List.of(
            "St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Way", "Pl", "Ter", "Pkwy", "Cir");

    static final List<String> FREE_DOMAINS = List.of(
            "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net", "hotmail.com", "aol.com");
    static final List<String> COMPANY_DOMAINS = List.of(
            "contoso.com", "fabrikam.com", "northwindtraders.com", "initech.com", "globex.com");

    /** Disposable domains used; every one must be in the reference list (checked at run time). */
    static final List<String> DISPOSABLE = List.of(
            "mailinator.com", "guerrillamail.com", "yopmail.com", "10minutemail.com", "trashmail.com",
            "sharklasers.com", "temp-mail.org", "dispostable.com", "maildrop.cc", "getnada.com",
            "throwawaymail.com", "fakeinbox.com", "mailnesia.com", "spamgourmet.com", "guerrillamail.net",
            "mintemail.com", "mytemp.email", "tempr.email", "discard.email");
    /** Subdomains of a listed domain that are not themselves listed (checked at run time): FLAG via the parent. */
    static final List<String> DISPOSABLE_SUBDOMAINS = List.of(
            "x.mailinator.com", "inbox.mailinator.com", "eu.mailinator.com");

    /** Candidate postal codes that must be absent from the reference file (checked at run time). */
    static final List<String> UNKNOWN_CODES = List.of(
            "00000", "99999", "00123", "00001", "00002", "00009", "00010", "00011", "00050", "00099",
            "00100", "00200", "00300", "00400", "09999", "11111", "99000", "99990", "99997", "99998");

    static final String[] REASONS = {"unsubscribed", "bounced", "complaint"};

    final Random rnd = new Random(SEED);
    final List<Zip> zips = new ArrayList<>();
    final Map<String, Zip> byCode = new HashMap<>();
    final Map<String, List<Zip>> byState = new TreeMap<>();
    final List<Zip> pool = new ArrayList<>();
    final Set<String> disposable = new HashSet<>();
    /** Every e-mail written anywhere (lower case), for uniqueness. */
    final Set<String> usedEmails = new HashSet<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage (from the repository root): java samples/GenerateSamples.java <reference-data-folder>");
            System.exit(2);
        }
        if (!Files.isRegularFile(Path.of("pom.xml")) || !Files.isDirectory(Path.of("samples"))) {
            System.err.println("run from the repository root (the folder with pom.xml and samples/)");
            System.exit(2);
        }
        new GenerateSamples().run(Path.of(args[0]));
    }

    void run(Path dataDir) throws IOException {
        loadReference(dataDir);
        checkConstants();

        // ---- customers-2000.csv -------------------------------------------------------------------------------
        int records = DATA_LINES - 3;
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (int i = 0; i < k.count; i++) {
                kinds.add(k);
            }
        }
        while (kinds.size() < records) {
            kinds.add(Kind.CLEAN);
        }
        Collections.shuffle(kinds, rnd);

        Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
        Map<Kind, List<String>> idsByKind = new EnumMap<>(Kind.class);
        List<String[]> dnm = new ArrayList<>();
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        int r = 0;
        for (int line = 2; line <= DATA_LINES + 1; line++) {
            String id = String.format("C%05d", line - 1);
            if (line == LINE_TOO_FEW || line == LINE_TOO_MANY || line == LINE_SEMICOLONS) {
                csv.append(malformed(line, id)).append('\n');
                continue;
            }
            Kind kind = kinds.get(r++);
            int nth = seen.merge(kind, 1, Integer::sum) - 1;
            idsByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(id);
            String[] f = record(id, kind, nth, dnm);
            csv.append(csvLine(f)).append('\n');
        }
        write("samples/customers-2000.csv", csv.toString());

        // ---- do-not-mail.csv: the suppressed sample e-mails plus 15 that are not in any sample -----------------
        for (int i = 0; i < 15; i++) {
            String first = pick(FIRST_NAMES);
            String last = pick(LAST_NAMES);
            String email = uniqueEmail(first, last, pick(rnd.nextInt(4) == 0 ? COMPANY_DOMAINS : FREE_DOMAINS));
            dnm.add(new String[] {email, REASONS[rnd.nextInt(REASONS.length)]});
        }
        Collections.shuffle(dnm, rnd);
        StringBuilder dnmCsv = new StringBuilder("email,reason\n");
        for (String[] e : dnm) {
            dnmCsv.append(e[0]).append(',').append(e[1]).append('\n');
        }

        // ---- small JSON and NDJSON files ----------------------------------------------------------------------
        String json = smallJson();
        String ndjson = smallNdjson();

        write("samples/customers-small.json", json);
        write("samples/customers-small.ndjson", ndjson);
        Files.createDirectories(Path.of("src/main/resources/db"));
        write("src/main/resources/db/do-not-mail.csv", dnmCsv.toString());

        String summary = summary(records, idsByKind, dnm.size());
        write("samples/README.md", readme(summary, idsByKind));
        System.out.print(summary);
    }

    // ------------------------------------------------------------------------------------------------------------
    // records

    /** The 8 fields of one well-formed record carrying exactly the defect (or feature) {@code kind}. */
    String[] record(String id, Kind kind, int nth, List<String[]> dnm) {
        Zip z = pick(pool);
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        String firstWritten = first;
        String city = z.city();
        String state = z.state();
        String code = z.code();
        String email;
        switch (kind) {
            case CITY_MISMATCH -> city = otherCity(z);
            case WRONG_STATE -> {
                do {
                    state = pick(STATES);
                } while (state.equals(z.state()));
            }
            case UNKNOWN_POSTAL_CODE -> code = UNKNOWN_CODES.get(nth % UNKNOWN_CODES.size());
            case NO_POSTAL_CODE -> code = "";
            case ZIP_PLUS_4 -> code = z.code() + "-" + String.format("%04d", 1 + rnd.nextInt(9999));
            case ODD_CITY -> city = oddCity(z.city(), nth);
            case QUOTED_NAME -> {
                String[] nick = NICKNAMES[nth % NICKNAMES.length];
                first = nick[0];
                firstWritten = nick[0] + " \"" + nick[1] + "\"";
            }
            default -> {
            }
        }
        switch (kind) {
            case INVALID_EMAIL -> email = invalidEmail(first, last, nth);
            case DISPOSABLE_EMAIL -> {
                // the last 3 use a subdomain of mailinator.com
                int plain = Kind.DISPOSABLE_EMAIL.count - DISPOSABLE_SUBDOMAINS.size();
                String domain = nth < plain ? DISPOSABLE.get(nth % DISPOSABLE.size())
                        : DISPOSABLE_SUBDOMAINS.get(nth - plain);
                email = uniqueEmail(first, last, domain);
            }
            case SUPPRESSED_EMAIL -> {
                String lower = uniqueEmail(first, last, pick(FREE_DOMAINS));
                dnm.add(new String[] {lower, REASONS[nth % REASONS.length]});
                email = otherCase(lower, nth);
            }
            default -> email = uniqueEmail(first, last, rnd.nextInt(5) == 0 ? pick(COMPANY_DOMAINS) : pick(FREE_DOMAINS));
        }
        return new String[] {id, firstWritten, last, email, street(), city, state, code};
    }

    /** A malformed data line: wrong number of fields, but every quote balanced. */
    String malformed(int line, String id) {
        Zip z = pick(pool);
        String first = pick(FIRST_NAMES.subList(0, 60));
        String last = pick(LAST_NAMES.subList(0, 60));
        String email = uniqueEmail(first, last, pick(FREE_DOMAINS));
        String street = (1 + rnd.nextInt(9999)) + " " + pick(STREET_NAMES) + " " + pick(STREET_TYPES);
        return switch (line) {
            // 7 fields: the e-mail column is missing altogether
            case LINE_TOO_FEW -> String.join(",", id, first, last, street, z.city(), z.state(), z.code());
            // 9 fields: a street with a comma that was not quoted
            case LINE_TOO_MANY -> String.join(",", id, first, last, email, street + ", Apt " + (1 + rnd.nextInt(30)),
                    z.city(), z.state(), z.code());
            // 1 field: the record was written with ';' as the separator
            case LINE_SEMICOLONS -> String.join(";", id, first, last, email, street, z.city(), z.state(), z.code());
            default -> throw new IllegalArgumentException("no malformed line planned at " + line);
        };
    }

    String street() {
        String s = (1 + rnd.nextInt(9999)) + " " + pick(STREET_NAMES) + " " + pick(STREET_TYPES);
        int roll = rnd.nextInt(100);
        if (roll < 6) {
            s += ", Apt " + (1 + rnd.nextInt(40)) + (char) ('A' + rnd.nextInt(6));
        } else if (roll < 9) {
            s += ", Apt " + (1 + rnd.nextInt(20)) + ", Unit " + (char) ('A' + rnd.nextInt(6));
        } else if (roll < 12) {
            s += ", Suite " + (100 + rnd.nextInt(400));
        }
        return s;
    }

    /** A different real city of the same state (different even ignoring case and whitespace). */
    String otherCity(Zip z) {
        List<Zip> same = byState.get(z.state());
        while (true) {
            Zip o = same.get(rnd.nextInt(same.size()));
            if (!canonical(o.city()).equals(canonical(z.city()))) {
                return o.city();
            }
        }
    }

    /** The same city in a different letter case and/or with surrounding spaces; still matches. */
    static String oddCity(String city, int nth) {
        String v = switch (nth % 5) {
            case 0 -> city.toUpperCase(Locale.ROOT);
            case 1 -> city.toLowerCase(Locale.ROOT);
            case 2 -> "  " + city + "  ";
            case 3 -> " " + city.toUpperCase(Locale.ROOT);
            default -> city.toLowerCase(Locale.ROOT) + "   ";
        };
        if (v.equals(city)) { // e.g. an all-caps name: add spaces instead
            v = "  " + city + " ";
        }
        return v;
    }

    /** An e-mail with one syntax error; 6 each of: two '@', no '@', a space, no dot in the domain, empty local. */
    String invalidEmail(String first, String last, int nth) {
        String local = localPart(first, last);
        String domain = FREE_DOMAINS.get(nth / 5 % FREE_DOMAINS.size());
        String email;
        int n = 1 + rnd.nextInt(99);
        switch (nth % 5) {
            case 0 -> email = local + n + "@home@" + domain;
            case 1 -> email = local + n + "." + domain;
            case 2 -> email = local.replace('.', ' ') + n + "@" + domain;
            case 3 -> email = local + n + "@" + domain.replace(".", "");
            default -> email = "@" + domain;
        }
        if (!usedEmails.add(email.toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException("duplicate invalid e-mail " + email);
        }
        return email;
    }

    /** A valid, lower-case e-mail like first.last42@domain, unique across everything generated. */
    String uniqueEmail(String first, String last, String domain) {
        String local = localPart(first, last);
        boolean company = COMPANY_DOMAINS.contains(domain);
        for (int attempt = 0; ; attempt++) {
            String candidate;
            if (company && attempt == 0) {
                candidate = local + "@" + domain;
            } else {
                candidate = switch (rnd.nextInt(4)) {
                    case 0 -> ascii(first).toLowerCase(Locale.ROOT).charAt(0) + ascii(last).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                    case 1 -> local.replace('.', '_');
                    default -> local;
                } + (1 + rnd.nextInt(attempt < 20 ? 99 : 9999)) + "@" + domain;
            }
            if (usedEmails.add(candidate)) {
                return candidate;
            }
        }
    }

    static String localPart(String first, String last) {
        return ascii(first).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "."
                + ascii(last).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** {@code lower} with some letters upper-cased: first letters of the local part, or the whole address. */
    static String otherCase(String lower, int nth) {
        String v;
        if (nth % 3 == 2) {
            v = lower.toUpperCase(Locale.ROOT);
        } else {
            StringBuilder b = new StringBuilder(lower);
            b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
            int dot = lower.indexOf('.');
            if (dot > 0 && dot + 1 < lower.indexOf('@')) {
                b.setCharAt(dot + 1, Character.toUpperCase(b.charAt(dot + 1)));
            }
            v = b.toString();
        }
        if (v.equals(lower)) {
            throw new IllegalStateException("no case change possible for " + lower);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------------------
    // small files

    /** The 12 items of a small file: a fixed plan of kinds; "number" and "invalid"/"blank" are not records. */
    Map<String, String> smallRecord(String id, String kind) {
        Zip z = pick(pool);
        String first = pick(FIRST_NAMES.subList(0, 60));
        String last = pick(LAST_NAMES.subList(0, 60));
        String firstWritten = first;
        String city = z.city();
        String email;
        if (kind.equals("city")) {
            city = otherCity(z);
        }
        if (kind.equals("nickname")) {
            first = "Robert";
            firstWritten = "Robert \"Bobby\"";
        }
        email = kind.equals("disposable") ? uniqueEmail(first, last, DISPOSABLE.get(1)) : uniqueEmail(first, last, pick(FREE_DOMAINS));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("first_name", firstWritten);
        m.put("last_name", last);
        m.put("email", email);
        m.put("street", street());
        m.put("city", city);
        m.put("state", z.state());
        m.put("postal_code", kind.equals("zip4") ? z.code() + "-" + String.format("%04d", 1 + rnd.nextInt(9999)) : z.code());
        return m;
    }

    /** Plan of the JSON array: 12 elements, element 4 city mismatch, 8 disposable, 10 a bare number. */
    static final String[] JSON_PLAN = {
            "ok", "ok", "nickname", "city", "ok", "zip4", "ok", "disposable", "ok", "number", "ok", "ok"};
    /** Plan of the NDJSON file: 12 lines, line 4 city mismatch, 6 invalid JSON, 8 blank, 9 disposable. */
    static final String[] NDJSON_PLAN = {
            "ok", "ok", "nickname", "city", "ok", "invalid", "ok", "blank", "disposable", "zip4", "ok", "ok"};

    final List<String> jsonLines = new ArrayList<>(); // "element N starts on line L: what" for the README

    String smallJson() {
        StringBuilder b = new StringBuilder("[\n");
        int line = 2;
        for (int i = 0; i < JSON_PLAN.length; i++) {
            String kind = JSON_PLAN[i];
            String sep = i + 1 < JSON_PLAN.length ? "," : "";
            jsonLines.add((i + 1) + "|" + line + "|" + kind);
            if (kind.equals("number")) {
                b.append("  42").append(sep).append('\n');
                line++;
                continue;
            }
            Map<String, String> m = smallRecord(String.format("J%02d", i + 1), kind);
            b.append("  {\n");
            int n = 0;
            for (Map.Entry<String, String> e : m.entrySet()) {
                b.append("    ").append(jsonString(e.getKey())).append(": ").append(jsonString(e.getValue()))
                        .append(++n < m.size() ? "," : "").append('\n');
            }
            b.append("  }").append(sep).append('\n');
            line += m.size() + 2;
        }
        return b.append("]\n").toString();
    }

    String smallNdjson() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NDJSON_PLAN.length; i++) {
            String kind = NDJSON_PLAN[i];
            String id = String.format("N%02d", i + 1);
            switch (kind) {
                case "blank" -> b.append('\n');
                case "invalid" -> {
                    // a record whose closing brace was lost: not valid JSON
                    Map<String, String> m = smallRecord(id, "ok");
                    String obj = jsonObject(m);
                    b.append(obj, 0, obj.length() - 1).append('\n');
                }
                default -> b.append(jsonObject(smallRecord(id, kind))).append('\n');
            }
        }
        return b.toString();
    }

    static String jsonObject(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(jsonString(e.getKey())).append(": ").append(jsonString(e.getValue()));
        }
        return b.append('}').toString();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // summary and README

    String summary(int records, Map<Kind, List<String>> ids, int dnmSize) {
        int address = 0;
        int email = 0;
        int suppression = 0;
        for (Kind k : Kind.values()) {
            int n = ids.getOrDefault(k, List.of()).size();
            if ("address".equals(k.flags)) {
                address += n;
            } else if ("email".equals(k.flags)) {
                email += n;
            } else if ("suppression".equals(k.flags)) {
                suppression += n;
            }
        }
        int flagged = address + email + suppression; // one defect per record, so no overlap
        StringBuilder s = new StringBuilder();
        s.append("customers-2000.csv (seed ").append(SEED).append(")\n");
        s.append("  data lines:             ").append(DATA_LINES).append(" (+ header = ").append(DATA_LINES + 1).append(" physical lines)\n");
        s.append("  records:                ").append(records).append('\n');
        s.append("  malformed lines:        3 (physical lines ").append(LINE_TOO_FEW).append(" too few fields (7), ")
                .append(LINE_TOO_MANY).append(" too many fields (9), ").append(LINE_SEMICOLONS)
                .append(" ';'-separated (1 field))\n");
        s.append("  flagged by address:     ").append(address).append('\n');
        s.append("  flagged by email:       ").append(email).append('\n');
        s.append("  flagged by suppression: ").append(suppression).append('\n');
        s.append("  FLAGGED records:        ").append(flagged).append(" (each flagged by exactly one check)\n");
        s.append("  VERIFIED records:       ").append(records - flagged).append('\n');
        s.append("  planted:\n");
        for (Kind k : Kind.values()) {
            s.append(String.format("    %-20s %5d  %s%s%n", k, ids.getOrDefault(k, List.of()).size(), k.what,
                    k.flags == null ? " -> PASS" : " -> " + k.flags + " FLAG"));
        }
        s.append("do-not-mail.csv: ").append(dnmSize).append(" entries (").append(suppression)
                .append(" used by customers-2000.csv, ").append(dnmSize - suppression).append(" not in any sample)\n");
        s.append("customers-small.json: 12 array elements = 11 records (9 VERIFIED, 2 FLAGGED) + 1 non-object\n");
        for (String l : jsonLines) {
            String[] p = l.split("\\|");
            s.append("  element ").append(p[0]).append(" (line ").append(p[1]).append("): ").append(describe(p[2])).append('\n');
        }
        s.append("customers-small.ndjson: 12 lines = 10 records (8 VERIFIED, 2 FLAGGED) + 1 invalid JSON + 1 blank\n");
        for (int i = 0; i < NDJSON_PLAN.length; i++) {
            s.append("  line ").append(i + 1).append(": ").append(describe(NDJSON_PLAN[i])).append('\n');
        }
        return s.toString();
    }

    static String describe(String kind) {
        return switch (kind) {
            case "ok" -> "record, VERIFIED";
            case "nickname" -> "record with first name Robert \"Bobby\", VERIFIED";
            case "zip4" -> "record with a ZIP+4 postal code, VERIFIED";
            case "city" -> "record, FLAGGED by address (city is another city of the same state)";
            case "disposable" -> "record, FLAGGED by email (" + DISPOSABLE.get(1) + " is disposable)";
            case "number" -> "the number 42, not an object: malformed";
            case "invalid" -> "invalid JSON (closing brace missing): malformed";
            case "blank" -> "blank line: skipped (neither record nor malformed)";
            default -> kind;
        };
    }

    String readme(String summary, Map<Kind, List<String>> ids) {
        StringBuilder b = new StringBuilder();
        b.append("""
                # Sample inputs

                Generated test and demo inputs for the verification pipeline. Do not edit them by hand: change
                `GenerateSamples.java` and run it again.

                | file | what |
                | --- | --- |
                | `customers-2000.csv` | 2,000 data lines (UTF-8, LF, RFC 4180 quoting): 1,997 records with planted defects and 3 malformed lines |
                | `customers-small.json` | a JSON array of 12 elements (11 record objects + 1 number), pretty-printed, one field a line |
                | `customers-small.ndjson` | 12 lines: 10 JSON records, 1 line of invalid JSON, 1 blank line |
                | `GenerateSamples.java` | the generator (JDK 17 only, fixed seed, deterministic) |
                | `../src/main/resources/db/do-not-mail.csv` | the do-not-mail table (`email,reason`), also written by the generator |

                Columns (and JSON fields): `id,first_name,last_name,email,street,city,state,postal_code`.

                ## How they were generated

                From the repository root:

                ```
                java samples/GenerateSamples.java /work/shared/data
                ```

                The argument is the folder holding `us-postal-codes.csv` and `disposable-email-domains.txt` (the same
                data as `src/main/resources/reference/`, so `java samples/GenerateSamples.java src/main/resources/reference`
                gives the same output). The seed is fixed, so the output is byte-identical on every run. The generator
                refuses to run if an "unknown" postal code is in fact in the reference file, if a normal e-mail domain
                (or a parent of it) is disposable, or if a planted disposable domain is not in the list.

                Records are built from real rows of `us-postal-codes.csv`, sampled across the 50 states and DC.
                Each defective record has exactly one defect, so every record's outcome is known in advance.
                All other records are fully valid: a real code with its exact city and state, a valid e-mail on a
                non-disposable domain, not on the do-not-mail list. E-mails are unique (ignoring case) across all
                samples and the do-not-mail table. Some names are non-ASCII (José, Renée, Zoë, Chloé, Núñez), a few
                first names have embedded double quotes (`"Robert ""Bobby""\"` in the CSV), and about 12% of streets
                contain commas (`"1234 Oak St, Apt 4, Unit B"`), so they are quoted.

                ## Expected outcomes

                Line numbers are physical lines; the CSV header is line 1. "Verified" means all three checks PASS.

                ```
                """);
        b.append(summary);
        b.append("""
                ```

                Address check: city and state compare ignoring case and surrounding spaces; a ZIP+4 code
                (`62704-1234`) is looked up by its first 5 digits. E-mail check: syntax (exactly one `@`, non-empty
                local part, a domain with a dot and no empty labels, no spaces), then FLAG when the domain or a parent
                domain is disposable (the three `*.mailinator.com` addresses are FLAGGED through the parent). Suppression
                check: FLAG when the e-mail, ignoring case, is in `do-not-mail.csv`; the sample writes those e-mails in a
                different letter case than the table.

                The invalid e-mails are 6 each of: two `@`, no `@`, a space inside, no dot in the domain, empty local part.
                The unknown postal codes are: %s.

                ## Planted records in customers-2000.csv, by id

                """.formatted(String.join(", ", UNKNOWN_CODES)));
        for (Kind k : Kind.values()) {
            if (k == Kind.CLEAN) {
                continue;
            }
            List<String> l = ids.getOrDefault(k, List.of());
            b.append("- **").append(k).append("** (").append(l.size()).append(", ").append(k.what)
                    .append(k.flags == null ? ", PASS" : ", " + k.flags + " FLAG").append("): ")
                    .append(String.join(" ", l)).append('\n');
        }
        b.append("\nMalformed lines carry ids too: line ").append(LINE_TOO_FEW).append(" is ")
                .append(String.format("C%05d", LINE_TOO_FEW - 1)).append(", line ").append(LINE_TOO_MANY).append(" is ")
                .append(String.format("C%05d", LINE_TOO_MANY - 1)).append(", line ").append(LINE_SEMICOLONS)
                .append(" is ").append(String.format("C%05d", LINE_SEMICOLONS - 1))
                .append(" (the id on physical line L is C followed by L - 1 in 5 digits).\n");
        b.append("""

                ## Sources

                `us-postal-codes.csv`: npm package `zipcodes` 8.0.0 (BSD licence; data from federalgovernmentzipcodes.us).
                `disposable-email-domains.txt`: npm package `disposable-email-domains` 1.0.62 (MIT).
                Names, streets, company domains and e-mail addresses are made up.
                """);
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // reference data and helpers

    void loadReference(Path dir) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("us-postal-codes.csv"), StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!"postal_code,city,state,latitude,longitude".equals(header)) {
                throw new IllegalStateException("unexpected header in us-postal-codes.csv: " + header);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = parseCsvLine(line);
                if (f.size() != 5) {
                    throw new IllegalStateException("unexpected row in us-postal-codes.csv: " + line);
                }
                Zip z = new Zip(f.get(0).trim(), f.get(1).trim(), f.get(2).trim());
                byCode.put(z.code(), z);
                if (z.city().isEmpty() || !STATES.contains(z.state())) {
                    continue;
                }
                zips.add(z);
                byState.computeIfAbsent(z.state(), k -> new ArrayList<>()).add(z);
            }
        }
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("disposable-email-domains.txt"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String d = line.trim().toLowerCase(Locale.ROOT);
                if (!d.isEmpty() && !d.startsWith("#")) {
                    disposable.add(d);
                }
            }
        }
        // a pool of 8 rows per state (fewer if the state has fewer), so records spread over all states
        for (String st : STATES) {
            List<Zip> rows = byState.get(st);
            if (rows == null || rows.size() < 2) {
                throw new IllegalStateException("too few usable rows for state " + st);
            }
            List<Zip> copy = new ArrayList<>(rows);
            Collections.shuffle(copy, rnd);
            pool.addAll(copy.subList(0, Math.min(8, copy.size())));
        }
    }

    void checkConstants() {
        for (String c : UNKNOWN_CODES) {
            if (byCode.containsKey(c)) {
                throw new IllegalStateException("'unknown' postal code " + c + " is in the reference file");
            }
        }
        for (String d : FREE_DOMAINS) {
            if (isDisposable(d)) {
                throw new IllegalStateException("normal domain " + d + " is disposable");
            }
        }
        for (String d : COMPANY_DOMAINS) {
            if (isDisposable(d)) {
                throw new IllegalStateException("company domain " + d + " is disposable");
            }
        }
        for (String d : DISPOSABLE) {
            if (!disposable.contains(d)) {
                throw new IllegalStateException(d + " is not in the disposable list");
            }
        }
        for (String d : DISPOSABLE_SUBDOMAINS) {
            if (disposable.contains(d) || !isDisposable(d)) {
                throw new IllegalStateException(d + " should be unlisted but have a listed parent");
            }
        }
    }

    boolean isDisposable(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (d.contains(".")) {
            if (disposable.contains(d)) {
                return true;
            }
            d = d.substring(d.indexOf('.') + 1);
        }
        return false;
    }

    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** RFC 4180: quote a field holding a comma, a quote, a line break, or surrounding spaces. */
    static String csvLine(String[] fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields[i];
            boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    || (!f.isEmpty() && (f.charAt(0) == ' ' || f.charAt(f.length() - 1) == ' '));
            b.append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return b.toString();
    }

    static String canonical(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    static void write(String path, String content) throws IOException {
        Files.writeString(Path.of(path), content, StandardCharsets.UTF_8);
    }
}
