package io.clientele.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The time axis of the demo: whole UTC days ending on the run date. Instants are seconds
 * since the first day's midnight, formatted from precomputed day strings because
 * java.time formatting per field would dominate the run time.
 */
final class History {

    static final long MINUTE = 60;
    static final long HOUR = 3_600;
    static final long DAY = 86_400L;
    static final double YEAR = 365.25 * DAY;

    final LocalDate firstDay;
    final LocalDate runDate;
    final int days;
    /** The last second of the run date. */
    final long end;
    /** The last second of the day after the run date: the next night's delta (the axis covers it too). */
    final long nextEnd;

    final int months;
    final String[] monthText;
    /** Days of each month that lie inside the history (the first and last month may be partial). */
    final int[] monthDays;

    private final String[] dayText;
    private final byte[] monthOfYear;
    private final short[] monthIndex;

    History(LocalDate runDate, int years) {
        this.runDate = runDate;
        this.firstDay = runDate.minusYears(years).plusDays(1);
        this.days = (int) ChronoUnit.DAYS.between(firstDay, runDate) + 1;
        this.end = days * DAY - 1;
        this.nextEnd = end + DAY;
        YearMonth firstMonth = YearMonth.from(firstDay);
        this.months = (int) ChronoUnit.MONTHS.between(firstMonth, YearMonth.from(runDate)) + 1;
        this.monthText = new String[months];
        this.monthDays = new int[months];
        for (int m = 0; m < months; m++) {
            monthText[m] = firstMonth.plusMonths(m).toString();
        }
        // One day more than the history: the day after the run date, for a next-day delta.
        this.dayText = new String[days + 1];
        this.monthOfYear = new byte[days + 1];
        this.monthIndex = new short[days + 1];
        LocalDate day = firstDay;
        for (int d = 0; d <= days; d++, day = day.plusDays(1)) {
            dayText[d] = day.toString();
            monthOfYear[d] = (byte) (day.getMonthValue() - 1);
            int m = (int) ChronoUnit.MONTHS.between(firstMonth, YearMonth.from(day));
            monthIndex[d] = (short) m;
            if (d < days) {
                monthDays[m]++;
            }
        }
    }

    static int day(long t) {
        return (int) (t / DAY);
    }

    /** 0 = January. */
    int monthOfYear(long t) {
        return monthOfYear[day(t)];
    }

    /** Month number since the first month of the history ({@code months} for the day after a month-end run date). */
    int monthIndex(long t) {
        return monthIndex[day(t)];
    }

    /** yyyy-MM-ddTHH:mm:ss */
    StringBuilder timestamp(StringBuilder sb, long t) {
        int seconds = (int) (t % DAY);
        sb.append(dayText[day(t)]).append('T');
        Csv.twoDigits(sb, seconds / 3600).append(':');
        Csv.twoDigits(sb, seconds / 60 % 60).append(':');
        return Csv.twoDigits(sb, seconds % 60);
    }

    /** yyyy-MM-dd */
    StringBuilder date(StringBuilder sb, long t) {
        return sb.append(dayText[day(t)]);
    }
}
