package io.clientele.jobs.batch;

/**
 * The names of the nightly job and of its one-step jobs in the JobRepository: {@code nightly} for
 * a whole night, {@code nightly.<step>} for one step run alone ({@code run --step}).
 */
public final class NightlyJobs {

    /** The whole night's job. */
    public static final String JOB_NAME = "nightly";
    /** The one-step jobs are named this prefix + the step's name. */
    public static final String STEP_JOB_PREFIX = JOB_NAME + ".";

    private NightlyJobs() {}

    /** Whether a job of the JobRepository is the whole night or one of its steps. */
    public static boolean isNightlyJob(String jobName) {
        return jobName.equals(JOB_NAME) || jobName.startsWith(STEP_JOB_PREFIX);
    }

    /** The one-step job of {@code step}. */
    public static String stepJobName(String step) {
        return STEP_JOB_PREFIX + step;
    }
}
