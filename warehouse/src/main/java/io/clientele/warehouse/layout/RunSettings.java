package io.clientele.warehouse.layout;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one nightly run needs to know besides its data: the logical date and the
 * definitions' knobs (docs/contract.md §4).
 *
 * @param runDate               the as-of date D
 * @param inactivityDays        d − last purchase &lt; this ⇒ active (default 180)
 * @param complaintDeadlineDays a complaint kept its deadline when closed within this many days (default 30)
 * @param piiSalt               salt of the email and phone hashes
 * @param churnReasonDays       the days up to a lapse in which a complaint or contact is its reason (default 90)
 */
public record RunSettings(
        LocalDate runDate, int inactivityDays, int complaintDeadlineDays, String piiSalt, int churnReasonDays) {

    public static final int DEFAULT_INACTIVITY_DAYS = 180;
    public static final int DEFAULT_COMPLAINT_DEADLINE_DAYS = 30;
    public static final int DEFAULT_CHURN_REASON_DAYS = 90;

    public RunSettings {
        if (inactivityDays <= 0) {
            throw new IllegalArgumentException("inactivity-days must be positive, got " + inactivityDays);
        }
        if (complaintDeadlineDays <= 0) {
            throw new IllegalArgumentException(
                    "complaint-deadline-days must be positive, got " + complaintDeadlineDays);
        }
        if (churnReasonDays <= 0) {
            throw new IllegalArgumentException("marts.churn-reason-days must be positive, got " + churnReasonDays);
        }
    }

    /** With the default churn-reason window. */
    public RunSettings(LocalDate runDate, int inactivityDays, int complaintDeadlineDays, String piiSalt) {
        this(runDate, inactivityDays, complaintDeadlineDays, piiSalt, DEFAULT_CHURN_REASON_DAYS);
    }

    /** The SQL parameters every template may use, as literals both engines accept. */
    public Map<String, String> sqlParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("as_of_date", "DATE '" + runDate + "'");
        p.put("as_of_end", "TIMESTAMP '" + runDate + " 23:59:59.999999'");
        p.put("inactivity_days", Integer.toString(inactivityDays));
        p.put("complaint_deadline_days", Integer.toString(complaintDeadlineDays));
        p.put("churn_reason_days", Integer.toString(churnReasonDays));
        p.put("run_id", "'" + runDate + "'");
        p.put("pii_salt", "'" + piiSalt.replace("'", "''") + "'");
        return p;
    }
}
