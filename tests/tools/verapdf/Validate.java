// Minimal veraPDF (greenfield parser) command-line validator.
//
//   java -cp <verapdf jars>:<dir with Validate.class> Validate [--flavour ua1|2b|<veraPDF id>] [--max N] FILE
//
// Prints one line per failed rule: clause, test number, failed-check count,
// rule description, and (where veraPDF gives them) the error message and the
// context of the first few failing objects. Exit code: 0 compliant,
// 1 not compliant, 2 on usage or processing error.

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;

public final class Validate {
    private static final int EXIT_OK = 0;
    private static final int EXIT_NONCOMPLIANT = 1;
    private static final int EXIT_ERROR = 2;
    // Held in a field so that the level set on it is not lost to garbage collection.
    private static final Logger VERAPDF_LOG = Logger.getLogger("org.verapdf");

    private static void usage(String msg) {
        if (msg != null) {
            System.err.println("error: " + msg);
        }
        System.err.println("usage: Validate [--flavour ua1|2b|<veraPDF flavour id, e.g. 1b, 2a, ua1>] "
                + "[--contexts N] FILE");
        System.exit(EXIT_ERROR);
    }

    private static PDFAFlavour parseFlavour(String s) {
        switch (s.toLowerCase()) {
            case "ua1":
            case "pdfua-1":
            case "pdfua1":
                return PDFAFlavour.PDFUA_1;
            case "2b":
            case "pdfa-2b":
                return PDFAFlavour.PDFA_2_B;
            default:
                PDFAFlavour f = PDFAFlavour.byFlavourId(s);
                if (f == null || f == PDFAFlavour.NO_FLAVOUR) {
                    usage("unknown flavour '" + s + "'");
                }
                return f;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    public static void main(String[] args) {
        String flavourArg = "ua1";
        int contexts = 3;
        String path = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--flavour") || a.equals("-f")) {
                if (++i >= args.length) usage("--flavour needs a value");
                flavourArg = args[i];
            } else if (a.startsWith("--flavour=")) {
                flavourArg = a.substring("--flavour=".length());
            } else if (a.equals("--contexts")) {
                if (++i >= args.length) usage("--contexts needs a value");
                contexts = Integer.parseInt(args[i]);
            } else if (a.equals("--self-test")) {
                System.exit(selfTest());
            } else if (a.equals("-h") || a.equals("--help")) {
                usage(null);
            } else if (a.startsWith("-")) {
                usage("unknown option " + a);
            } else if (path == null) {
                path = a;
            } else {
                usage("only one FILE is accepted");
            }
        }
        if (path == null) usage("no FILE given");
        File file = new File(path);
        if (!file.isFile()) {
            System.err.println("error: no such file: " + path);
            System.exit(EXIT_ERROR);
        }
        PDFAFlavour flavour = parseFlavour(flavourArg);

        // veraPDF logs font/parse warnings through java.util.logging; keep stdout clean.
        VERAPDF_LOG.setLevel(Level.SEVERE);

        int exit;
        try {
            VeraGreenfieldFoundryProvider.initialise();
            VeraPDFFoundry foundry = Foundries.defaultInstance();
            ValidationResult result;
            // Explicit flavour: validate against it whatever the file's XMP claims.
            try (PDFAParser parser = foundry.createParser(file, flavour)) {
                // (flavour, max displayed failed checks per rule, logPassedChecks,
                //  showErrorMessages, showProgress)
                PDFAValidator validator = foundry.createValidator(flavour, Math.max(contexts, 1), false, true, false);
                result = validator.validate(parser);
            }
            exit = report(file, flavour, result, contexts);
        } catch (Throwable t) {
            System.err.println("error: validation of " + path + " failed: " + t);
            Throwable c = t.getCause();
            while (c != null) {
                System.err.println("  caused by: " + c);
                c = c.getCause();
            }
            exit = EXIT_ERROR;
        }
        System.exit(exit);
    }

    // Checks that veraPDF and its PDF/UA-1 and PDF/A-2b profiles load (needs a JAXB runtime).
    private static int selfTest() {
        try {
            VeraGreenfieldFoundryProvider.initialise();
            java.util.Set<PDFAFlavour> have =
                    org.verapdf.pdfa.validation.profiles.Profiles.getVeraProfileDirectory().getPDFAFlavours();
            for (PDFAFlavour f : new PDFAFlavour[] {PDFAFlavour.PDFUA_1, PDFAFlavour.PDFA_2_B}) {
                if (!have.contains(f)) {
                    System.err.println("self-test: veraPDF profile for " + f.getId()
                            + " did not load (is a JAXB runtime on the classpath?)");
                    return EXIT_ERROR;
                }
            }
            System.out.println("self-test: veraPDF ok, " + have.size() + " profiles loaded");
            return EXIT_OK;
        } catch (Throwable t) {
            System.err.println("self-test: " + t);
            return EXIT_ERROR;
        }
    }

    private static int report(File file, PDFAFlavour flavour, ValidationResult result, int contexts) {
        ValidationProfile profile = result.getValidationProfile();
        // Group the (capped) failed assertions by rule, to show messages and contexts.
        Map<RuleId, List<TestAssertion>> byRule = new LinkedHashMap<>();
        for (TestAssertion ta : result.getTestAssertions()) {
            if (ta.getStatus() == TestAssertion.Status.FAILED) {
                byRule.computeIfAbsent(ta.getRuleId(), k -> new ArrayList<>()).add(ta);
            }
        }
        // Full failure counts (not capped) come from getFailedChecks().
        Map<RuleId, Integer> counts = new TreeMap<>(
                Comparator.comparing((RuleId r) -> clauseKey(r.getClause()))
                        .thenComparingInt(RuleId::getTestNumber)
                        .thenComparing(r -> String.valueOf(r.getSpecification())));
        counts.putAll(result.getFailedChecks());
        for (RuleId r : byRule.keySet()) {
            counts.putIfAbsent(r, byRule.get(r).size());
        }

        String name = flavour.getId();
        System.out.println("veraPDF " + profile.getDetails().getName() + " (flavour " + name + ") on " + file);
        int total = 0;
        for (Map.Entry<RuleId, Integer> e : counts.entrySet()) {
            RuleId id = e.getKey();
            int n = e.getValue();
            total += n;
            Rule rule = profile.getRuleByRuleId(id);
            String desc = rule == null ? "" : oneLine(rule.getDescription());
            String obj = rule == null ? "?" : rule.getObject();
            System.out.printf("FAIL %s-%d  x%d  [%s]  %s%n", id.getClause(), id.getTestNumber(), n, obj, desc);
            List<TestAssertion> tas = byRule.getOrDefault(id, List.of());
            String lastMsg = null;
            int shown = 0;
            for (TestAssertion ta : tas) {
                if (shown >= contexts) break;
                String msg = oneLine(ta.getErrorMessage() != null && !ta.getErrorMessage().isEmpty()
                        ? ta.getErrorMessage() : ta.getMessage());
                if (!msg.isEmpty() && !msg.equals(lastMsg) && !msg.equals(desc)) {
                    System.out.println("    message: " + msg);
                    lastMsg = msg;
                }
                String ctx = ta.getLocation() == null ? null : ta.getLocation().getContext();
                if (ctx != null && !ctx.isEmpty()) {
                    System.out.println("    at: " + ctx);
                }
                shown++;
            }
        }
        boolean ok = result.isCompliant();
        boolean finished = result.getJobEndStatus() == null
                || result.getJobEndStatus() == org.verapdf.processor.reports.enums.JobEndStatus.NORMAL;
        System.out.printf("%s: %s %s (%d failed rules, %d failed checks, %d checks total, job %s)%n",
                ok ? "PASS" : "FAIL", file, ok ? "is compliant with" : "is NOT compliant with",
                counts.size(), total, result.getTotalAssertions(), result.getJobEndStatus());
        if (!finished) {
            System.err.println("error: validation did not finish (" + result.getJobEndStatus() + ")");
            return EXIT_ERROR;
        }
        return ok ? EXIT_OK : EXIT_NONCOMPLIANT;
    }

    // Sort "6.2.11.4.1" numerically component by component.
    private static String clauseKey(String clause) {
        StringBuilder sb = new StringBuilder();
        for (String part : clause.split("\\.")) {
            String digits = part.replaceAll("\\D", "");
            String padded = digits.isEmpty() ? part : String.format("%06d%s", Long.parseLong(digits.length() > 15 ? digits.substring(0, 15) : digits), part.replaceAll("\\d", ""));
            sb.append(padded).append('.');
        }
        return sb.toString();
    }
}
