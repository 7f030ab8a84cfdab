-- date, time, timestamp: input forms, output, errors, arithmetic, casts, keys
SELECT '2020-01-01'::date, '2020-1-1 10:00'::date, '0001-01-01 BC'::date, 'epoch'::date,
       'infinity'::date, '-infinity'::date, '20200102'::date, 'Jan 5 2020'::date,
       '2020-Feb-03'::date, 'December 31, 1999'::date, '  2020-01-01  '::date;
SELECT '4714-11-24 BC'::date, '5874897-12-31'::date, '2000-02-29'::date;
SELECT '1/2/2020'::date, '12-31-99'::date, '2020/03/04'::date, '1/2/20 10:00'::timestamp, '02/29/2020'::date;
SELECT '13/01/2020'::date;
SELECT '2020-02-30'::date;
SELECT '2019-02-29'::date;
SELECT '2020-13-01'::date;
SELECT 'abc'::date;
SELECT '2020-01-01 xyz'::date;
SELECT '0000-01-01'::date;
SELECT '5874898-01-01'::date;
SELECT '4714-11-23 BC'::date;
SELECT date '2020-01-01' + 30, 30 + date '2020-01-01', date '2020-03-01' - 1,
       date '2020-03-01' - date '2020-01-01', date '2020-01-01' - date '2020-03-01',
       date 'infinity' + 1, date '-infinity' - 1;
SELECT date '2020-01-01' + 2147483647;
SELECT date 'infinity' - date '2020-01-01';
SELECT date '2020-01-31' + interval '1 month', date '2020-01-01' - interval '1 day 2 hours',
       interval '1 year' + date '2020-02-29', date '2020-01-01' + time '10:30',
       time '10:30' + date '2020-01-01';
SELECT date '2020-01-01' < date '2020-01-02', date '2020-01-01' = timestamp '2020-01-01',
       date '2020-01-01' < timestamp '2020-01-01 00:00:01',
       timestamp '2020-01-01 12:00' > date '2020-01-01',
       date '2020-01-02' >= timestamptz '2020-01-01 23:59:59+00',
       date 'infinity' > timestamp '2100-01-01', date '-infinity' < timestamp '-infinity';
SELECT date '2020-01-01'::timestamp, date '2020-01-01'::timestamptz,
       timestamp '2020-05-06 07:08:09'::date, timestamptz '2020-05-06 23:08:09+00'::date,
       timestamp 'infinity'::date, date '-infinity'::timestamp,
       '2020-01-01'::date::text, ('2020-01-01'::text)::date;
SELECT isfinite(date '2020-01-01'), isfinite(date 'infinity'), isfinite(timestamp 'infinity'),
       isfinite(timestamptz '2020-01-01'), isfinite(interval '1 day');
SELECT make_date(2020, 2, 29), make_date(-44, 3, 15);
SELECT make_date(2020, 2, 30);
-- time
SELECT '12:34:56.789'::time, '24:00'::time, '1:2'::time, '12:00:00+03'::time, 'allballs'::time,
       '2020-01-01 10:11:12'::time, '23:59:59.9999999'::time, time '10:00:00.123456';
SELECT '25:00'::time;
SELECT '12:60'::time;
SELECT 'x'::time;
SELECT time(2) '10:00:00.456', '10:00:00.456'::time(1), cast('11:22:33.44444' as time(3));
SELECT time '10:00' - time '12:30', time '23:00' + interval '2 hours',
       time '01:00' - interval '3 hours', interval '90 minutes' + time '23:00',
       time '10:00' < time '10:00:00.000001', time '24:00' > time '23:59:59.999999';
SELECT timestamp '2020-01-02 10:11:12.5'::time, timestamptz '2020-01-02 10:11:12+00'::time,
       interval '25:00:00'::time, interval '-1 hour'::time, time '10:00'::interval;
-- timestamp
SELECT '2020-01-01 10:00:00.123456789'::timestamp, '2020-01-01T10:00:00Z'::timestamp,
       '2020-01-01 10:00:00+05'::timestamptz, '2020-01-01 10:00:00-02:30'::timestamptz,
       '0044-03-15 12:00 BC'::timestamp, 'epoch'::timestamptz, '-infinity'::timestamp;
SELECT '294277-01-01'::timestamp;
SELECT '2020-01-01 10:00 +16'::timestamptz;
SELECT timestamp(0) '2020-01-01 10:00:00.6', '2020-01-01 10:00:00.123456'::timestamp(3),
       timestamptz(2) '2020-01-01 10:00:00.555+00';
SELECT timestamp '2020-01-31' + interval '1 month', timestamp '2020-03-31' - interval '1 month',
       timestamp '2020-02-29' + interval '1 year', timestamp '2020-01-01' + interval '1.5 days',
       timestamptz '2020-01-01 00:00+00' + interval '25 hours',
       interval '1 day' + timestamp '2020-01-01', interval '1 hour' + timestamptz '2020-01-01 00:00+00',
       timestamp 'infinity' + interval '1 day', timestamp '-infinity' - interval '1 day';
SELECT timestamp '2020-03-01' - timestamp '2020-02-01', timestamp '2020-01-01' - timestamp '2020-01-02 06:00',
       timestamptz '2020-01-01 00:00+00' - timestamptz '2019-01-01 12:00+00';
SELECT timestamp 'infinity' - timestamp '2020-01-01';
SELECT timestamp '294276-12-31' + interval '1 day';
SELECT extract(epoch from timestamp '294276-12-31 23:59:59.999999'), extract(julian from timestamp '4714-11-24 00:00 BC');
-- extract / date_part
SELECT extract(year from date '2020-05-17'), extract(month from date '2020-05-17'),
       extract(day from date '2020-05-17'), extract(dow from date '2020-05-17'),
       extract(isodow from date '2020-05-17'), extract(doy from date '2020-05-17'),
       extract(week from date '2021-01-01'), extract(isoyear from date '2021-01-01'),
       extract(quarter from date '2020-05-17'), extract(decade from date '2020-05-17'),
       extract(century from date '2000-12-31'), extract(millennium from date '2001-01-01'),
       extract(epoch from date '2020-01-02'), extract(julian from date '2020-01-02'),
       extract(year from date '0001-01-01 BC'), extract(century from date '0001-01-01 BC');
SELECT extract(hour from timestamp '2020-01-02 03:04:05.678'), extract(minute from timestamp '2020-01-02 03:04:05.678'),
       extract(second from timestamp '2020-01-02 03:04:05.678'), extract(milliseconds from timestamp '2020-01-02 03:04:05.678'),
       extract(microseconds from timestamp '2020-01-02 03:04:05.678'), extract(epoch from timestamp '2020-01-02 03:04:05.678'),
       extract(epoch from timestamptz '1960-01-01 00:00:00.25+00'), extract(julian from timestamp '2020-01-02 12:00'),
       extract(timezone from timestamptz '2020-01-01'), extract(epoch from timestamp 'infinity'),
       extract(hour from timestamp 'infinity'), extract(year from timestamp '-infinity');
SELECT extract(hour from time '12:34:56.5'), extract(second from time '12:34:56.5'), extract(epoch from time '01:00');
SELECT date_part('year', timestamp '2020-05-17 10:00'), date_part('second', timestamp '2020-01-02 03:04:05.678'),
       date_part('epoch', timestamptz '2020-01-01 00:00:00.5+00'), date_part('hour', date '2020-01-01'),
       date_part('dow', date '2020-05-17'), date_part('minute', time '10:20:30'), date_part('EPOCH', timestamp '2000-01-01');
SELECT extract(foo from date '2020-01-01');
SELECT extract(hour from date '2020-01-01');
SELECT extract(timezone from timestamp '2020-01-01');
SELECT extract(day from time '10:00');
-- date_trunc
SELECT date_trunc('month', timestamp '2020-05-17 12:34:56'), date_trunc('week', timestamp '2020-05-17 12:34:56'),
       date_trunc('quarter', timestamptz '2020-05-17 12:34:56+00'), date_trunc('year', timestamp '2020-05-17'),
       date_trunc('day', timestamp '2020-05-17 12:34:56'), date_trunc('hour', timestamp '2020-05-17 12:34:56'),
       date_trunc('minute', timestamp '2020-05-17 12:34:56'), date_trunc('second', timestamp '2020-05-17 12:34:56.7'),
       date_trunc('milliseconds', timestamp '2019-05-17 01:02:03.456789'), date_trunc('decade', timestamp '2019-05-17'),
       date_trunc('century', timestamp '2000-05-17'), date_trunc('millennium', timestamp '2020-05-17'),
       date_trunc('day', timestamptz 'infinity'), date_trunc('Month', date '2020-05-17');
SELECT date_trunc('foo', timestamp '2020-01-01');
SELECT date_trunc('dow', timestamp '2020-01-01');
SELECT date_trunc('timezone', timestamp '2020-01-01');
SELECT date_trunc('epoch', interval '1 day');
-- age
SELECT age(timestamp '2020-03-15', timestamp '2019-01-31'), age(timestamp '2019-01-31', timestamp '2020-03-15 10:00'),
       age(timestamptz '2020-01-01 00:00+00', timestamptz '2020-01-01 00:00+00'),
       age(timestamp '2020-03-01', timestamp '2020-01-31 12:00');
-- to_timestamp
SELECT to_timestamp(1577836800.5), to_timestamp(0), to_timestamp('Infinity'::float8);
SELECT to_timestamp('NaN'::float8);
-- a table: keys, order, index, group, join
CREATE TABLE dt_t (d date PRIMARY KEY, t time, ts timestamp);
INSERT INTO dt_t VALUES ('2020-01-03', '10:00', '2020-01-03 10:00'), ('2019-12-31', '23:59:59.5', '2019-12-31 23:59:59.5'),
  ('infinity', '00:00', 'infinity'), ('-infinity', '24:00', '-infinity'), ('0044-03-15 BC', '12:00', '0044-03-15 12:00 BC');
INSERT INTO dt_t VALUES ('2020-01-03', '11:00', NULL);
SELECT * FROM dt_t ORDER BY d;
SELECT * FROM dt_t ORDER BY t DESC;
SELECT d FROM dt_t WHERE d = '2020-01-03';
SELECT d FROM dt_t WHERE d > '2000-01-01' AND d < 'infinity' ORDER BY d DESC;
CREATE INDEX dt_t_t ON dt_t (t);
SELECT t FROM dt_t WHERE t >= '12:00' ORDER BY t;
SELECT extract(year from d) AS y, count(*) FROM dt_t WHERE d BETWEEN '2019-01-01' AND '2020-12-31' GROUP BY 1 ORDER BY 1;
SELECT a.d, b.ts FROM dt_t a JOIN dt_t b ON a.d = b.ts::date WHERE a.d < 'infinity' ORDER BY 1;
UPDATE dt_t SET d = d + 1 WHERE d = '2019-12-31';
SELECT d, d - lag FROM (SELECT d, date '2020-01-01' AS lag FROM dt_t) s ORDER BY d;
DROP TABLE dt_t;
-- time with time zone
SELECT '10:00'::timetz, '10:00:00.5+05:30'::timetz, '10:00-08'::timetz, '23:59:59.999999-15:59'::timetz,
       '10:00 UTC'::timetz, '2020-01-01 10:00+02'::timetz, 'allballs'::timetz, '10:00:00+05:30:15'::timetz;
SELECT '10:00+16'::timetz;
SELECT 'x'::timetz;
SELECT '25:00'::timetz;
SELECT timetz '10:00+02' = timetz '08:00+00', timetz '10:00+02' < timetz '08:00+00',
       timetz '10:00+02' > timetz '08:00+00', timetz '10:00+02' < timetz '09:00+00';
SELECT timetz '10:00+02' + interval '15 hours', timetz '10:00+02' - interval '11 hours',
       interval '1 hour' + timetz '23:30-01', date '2020-01-01' + timetz '10:00+02', timetz '10:00+02' + date '2020-01-01';
SELECT time '10:00'::timetz, timetz '10:00+02'::time, timestamptz '2020-01-01 10:00+00'::timetz,
       timetz(1) '10:00:00.55+02', '10:00:00.55+02'::timetz(0);
SELECT extract(hour from timetz '10:30+02'), extract(timezone from timetz '10:30+05:30'),
       extract(timezone_hour from timetz '10:30-05:30'), extract(timezone_minute from timetz '10:30-05:30'),
       extract(epoch from timetz '10:30+02'), date_part('second', timetz '10:30:15.5+02'),
       extract(microseconds from timetz '10:30:15.5+02'), date_part('timezone', timetz '10:00-01'),
       extract(epoch from timetz '01:00+05'), extract(timezone from timetz '10:00+05:30:15');
SELECT extract(day from timetz '10:00');
CREATE TABLE dt_tz (t timetz PRIMARY KEY);
INSERT INTO dt_tz VALUES ('10:00+02'), ('08:00+00'), ('09:00+00'), ('10:00-02');
INSERT INTO dt_tz VALUES ('10:00:00+02:00');
SELECT * FROM dt_tz ORDER BY t;
SELECT * FROM dt_tz WHERE t > '08:00+00' ORDER BY t DESC;
DROP TABLE dt_tz;
-- the SQL value functions are the transaction's start
SELECT current_time(2) IS NOT NULL, localtime(3) IS NOT NULL, current_date = localtimestamp::date,
       current_time::time = localtime, current_timestamp = now(), localtimestamp = now()::timestamp;
-- generate_series over timestamps
SELECT * from generate_series(date '2020-01-30', date '2020-04-01', interval '1 month');
SELECT * from generate_series(timestamp '2020-01-01', '2020-01-01 03:00', '90 min');
SELECT * from generate_series(timestamp '2020-01-01', '2019-12-31', '-12 hours');
SELECT * from generate_series(timestamptz '2020-01-01 00:00+00', '2020-01-03', '1 day') g where g > '2020-01-01';
SELECT g::date, extract(dow from g) from generate_series('2020-01-01'::timestamp, '2020-01-05', '1 day') g;
SELECT count(*) from generate_series(timestamp '2020-01-01', '2020-01-02', '1 second');
SELECT * from generate_series(timestamp '2020-01-01', '2020-01-02', '0 hours');
SELECT * from generate_series(timestamp '2020-01-01', '2020-01-02');
SELECT * from generate_series(timestamp '2020-01-01', null, '1 day');
-- to_char
SELECT to_char(timestamp '2020-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS.MS US'),
       to_char(timestamp '2020-03-05 14:07:09.123456', 'HH HH12 AM am PM pm A.M. p.m. SSSS SSSSS FF1 FF3 FF6'),
       to_char(timestamp '2020-03-05 04:07:09', 'Month MONTH month Mon MON mon MM FMMonth| FMDay Day DAY day Dy DY dy'),
       to_char(timestamp '2020-03-05 04:07:09', 'Y,YYY YYYY YYY YY Y IYYY IYY IY I DDD IDDD DD D ID W WW IW CC J Q RM rm FMRM'),
       to_char(timestamp '2020-03-01 00:00:00', 'DDth DDTH FMDDth MMth Dth YYYYth HH24th'),
       to_char(timestamp '0044-03-15 12:00 BC', 'YYYY BC bc AD B.C. a.d. CC'),
       to_char(timestamptz '2020-03-05 14:07:09+00', 'YYYY-MM-DD"T"HH24:MI:SSOF TZ tz TZH:TZM'),
       to_char(timestamp '2020-03-05 14:07:09', 'TZ|OF|"quoted text" \"x\" FMHH24h FMMI'),
       to_char(date '2021-01-03', 'IYYY-IW-ID YYYY-WW'),
       to_char(timestamp '2020-12-31 23:59:59', 'FMDD FMMM FMHH12 FMSS FMYYYY'),
       to_char(timestamp 'infinity', 'YYYY'), to_char(timestamp '2020-01-01', ''),
       to_char(timestamp '2020-01-11 00:00', 'DDst DDnd FMDDTH'), to_char(timestamp '12345-01-01', 'YYYY YYY'),
       to_char(timestamp '2020-01-02', 'dd mm yyyy hh24 mi ss Mm fm');
SELECT to_char(date '2020-05-17', 'FMDay, FMMonth FMDDth YYYY'), to_char(timestamp '2020-05-17 00:00:00.5', 'HH12:MI:SS.FF2 AM');
-- to_date / to_timestamp(text, text)
SELECT to_date('2020-03-05', 'YYYY-MM-DD'), to_date('05/03/2020', 'DD/MM/YYYY'), to_date('20200305', 'YYYYMMDD'), to_date('5 Mar 2020', 'DD Mon YYYY'), to_date('March 5, 2020', 'Month DD, YYYY'), to_date('2020 065', 'YYYY DDD'), to_date('  2020-3-5', 'YYYY-MM-DD'), to_date('2020/03/05', 'YYYY-MM-DD'), to_date('20-03-05', 'YY-MM-DD'), to_date('2020-03', 'YYYY-MM');
SELECT to_timestamp('2020-03-05 14:07:09.123', 'YYYY-MM-DD HH24:MI:SS.MS'), to_timestamp('05.03.2020 02:07 PM', 'DD.MM.YYYY HH:MI AM'), to_timestamp('2020-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS.US'), to_timestamp('2020-03-05 14:07:09 +05:30', 'YYYY-MM-DD HH24:MI:SS TZH:TZM'), to_timestamp('2458914', 'J'), to_timestamp('12:30', 'HH24:MI');
SELECT to_date('2020-13-05', 'YYYY-MM-DD');
SELECT to_date('2020-02-30', 'YYYY-MM-DD');
SELECT to_date('abcd-03-05', 'YYYY-MM-DD');
SELECT to_date('2020-xx-05', 'YYYY-MM-DD');
SELECT to_date('2020-03-05', 'YYYY-Mon-DD');
SELECT to_timestamp('25:00', 'HH24:MI');
SELECT to_timestamp('13:00', 'HH:MI');
SELECT to_date('2020-03-05 junk', 'YYYY-MM-DD');
SELECT to_date('2020', 'YYYY-MM-DD');
SELECT to_date('2020-03-05', 'YYYY-Month-DD');
SELECT to_date('2020 March 05', 'YYYY Month DD'), to_date('2020 mar 05', 'YYYY MON DD'), to_date('2020-03-05 BC', 'YYYY-MM-DD BC'), to_date('2020  03 05', 'YYYY MM DD'), to_date('2020-3', 'YYYY-MM-DD');
SELECT to_date('2020-031-05', 'YYYY-MM-DD');
SELECT to_date('99-03-05', 'YY-MM-DD'), to_date('Thu 2020-03-05', 'Dy YYYY-MM-DD'), to_timestamp('2020-03-05T10:00', 'YYYY-MM-DD"T"HH24:MI'), to_timestamp('12:00 AM', 'HH:MI AM'), to_date('2020.03.05', 'YYYY.MM.DD');
SELECT to_date('2020-03-05', 'TZ YYYY');
SELECT to_date('x2020', 'YYYY');
SELECT to_date('5th March 2020', 'DDth Month YYYY'), to_timestamp('2020-03-05 23:59:59.999', 'YYYY-MM-DD HH24:MI:SS.MS'), to_timestamp('1 2 3', 'HH MI SS');
SELECT to_timestamp('2020-03-05 10:00 -03:30', 'YYYY-MM-DD HH24:MI TZH:TZM');
-- AT TIME ZONE, make_time, make_timestamp
SELECT timestamp '2020-01-01 10:00' at time zone 'UTC', timestamptz '2020-01-01 10:00+00' at time zone 'utc', timestamptz '2020-01-01 10:00+00' at time zone interval '+05:30', timestamp '2020-01-01 10:00' at time zone interval '-02:00', timetz '10:00+02' at time zone 'UTC', now() at time zone 'Etc/UTC' is not null, make_time(10, 20, 30.5), make_timestamp(2020, 2, 29, 10, 20, 30.25);
SELECT timestamp '2020-01-01' at time zone 'Mars/Phobos';
SELECT timestamp '2020-01-01' at time zone interval '1 day';
SELECT make_time(25, 0, 0);
SELECT make_timestamp(2020, 2, 30, 0, 0, 0);
SELECT make_time(10, 60, 0);
SELECT make_time(10, 0, 60.5);
SELECT make_time(10, 0, 60), make_time(24, 0, 0), make_timestamptz(2020, 1, 2, 3, 4, 5.5), make_timestamptz(2020, 1, 2, 3, 4, 5, 'UTC'), make_time(1, 2, 3.0000005);
SELECT make_time(1, 2, -1);
SELECT timetz '10:00+02' at time zone interval '05:00', timestamptz 'infinity' at time zone 'UTC';
-- float8 date_part computed as PostgreSQL does; arithmetic over random values
SELECT date_part('epoch', timestamp '2020-01-20 08:47:22.833820'), date_part('epoch', timestamp '2020-01-20 08:47:22.833820'::time), date_part('milliseconds', interval '-47:53:29.813651'), date_part('microseconds', timestamp '2020-01-21 01:57:10.118705'), date_part('microseconds', timestamp '2020-01-21 01:57:10.118705'::time), date_part('second', interval '10:55:15.399253'), date_part('julian', timestamp '2020-01-19 07:00:46.227257'), date_part('second', timestamp '2020-01-19 07:00:46.227257'::time), date_part('epoch', interval '-15:11:58.909596'), date_part('julian', timestamp '2020-01-06 02:08:39.647445'), date_part('second', timestamp '2020-01-06 02:08:39.647445'::time), date_part('second', interval '-34:08:00.913734'), date_part('microseconds', timestamp '2020-01-07 06:10:55.174571'), date_part('microseconds', timestamp '2020-01-07 06:10:55.174571'::time), date_part('milliseconds', interval '-10:12:34.918677'), date_part('microseconds', timestamp '2020-01-06 22:12:57.401838'), date_part('microseconds', timestamp '2020-01-06 22:12:57.401838'::time), date_part('milliseconds', interval '-48:23:26.174017'), date_part('epoch', timestamp '2020-01-09 02:21:19.857106'), date_part('epoch', timestamp '2020-01-09 02:21:19.857106'::time), date_part('microseconds', interval '25:00:38.710865'), date_part('julian', timestamp '2020-01-03 09:22:52.320931'), date_part('second', timestamp '2020-01-03 09:22:52.320931'::time), date_part('epoch', interval '39:20:11.504594');
SELECT date_part('second', timestamp '2020-01-23 05:03:16.984625'), date_part('second', timestamp '2020-01-23 05:03:16.984625'::time), date_part('second', interval '45:22:54.423933'), date_part('second', timestamp '2020-01-18 13:23:24.606620'), date_part('second', timestamp '2020-01-18 13:23:24.606620'::time), date_part('milliseconds', interval '7:02:45.189707'), date_part('julian', timestamp '2020-01-04 07:59:52.987804'), date_part('second', timestamp '2020-01-04 07:59:52.987804'::time), date_part('microseconds', interval '-6:32:22.936075'), date_part('microseconds', timestamp '2020-01-25 14:06:37.784752'), date_part('microseconds', timestamp '2020-01-25 14:06:37.784752'::time), date_part('second', interval '-13:02:27.991743'), date_part('milliseconds', timestamp '2020-01-07 10:32:39.380240'), date_part('milliseconds', timestamp '2020-01-07 10:32:39.380240'::time), date_part('second', interval '-7:17:59.736736'), date_part('second', timestamp '2020-01-10 21:20:19.186098'), date_part('second', timestamp '2020-01-10 21:20:19.186098'::time), date_part('microseconds', interval '30:09:46.722651'), date_part('epoch', timestamp '2020-01-16 05:46:03.084890'), date_part('epoch', timestamp '2020-01-16 05:46:03.084890'::time), date_part('milliseconds', interval '18:59:25.033372'), date_part('julian', timestamp '2020-01-24 19:22:52.262363'), date_part('second', timestamp '2020-01-24 19:22:52.262363'::time), date_part('second', interval '33:26:09.058413');
SELECT date_part('milliseconds', timestamp '2020-01-26 15:21:53.217118'), date_part('milliseconds', timestamp '2020-01-26 15:21:53.217118'::time), date_part('epoch', interval '43:36:08.661021'), date_part('second', timestamp '2020-01-04 05:27:23.156495'), date_part('second', timestamp '2020-01-04 05:27:23.156495'::time), date_part('milliseconds', interval '3:18:09.475167'), date_part('microseconds', timestamp '2020-01-17 14:31:44.764941'), date_part('microseconds', timestamp '2020-01-17 14:31:44.764941'::time), date_part('epoch', interval '11:17:18.492915'), date_part('milliseconds', timestamp '2020-01-05 03:24:52.557582'), date_part('milliseconds', timestamp '2020-01-05 03:24:52.557582'::time), date_part('microseconds', interval '30:59:31.909953'), date_part('epoch', timestamp '2020-01-06 02:31:17.540204'), date_part('epoch', timestamp '2020-01-06 02:31:17.540204'::time), date_part('microseconds', interval '14:23:04.824204'), date_part('microseconds', timestamp '2020-01-23 18:42:02.796538'), date_part('microseconds', timestamp '2020-01-23 18:42:02.796538'::time), date_part('microseconds', interval '-4:35:45.700771'), date_part('microseconds', timestamp '2020-01-27 15:16:49.724443'), date_part('microseconds', timestamp '2020-01-27 15:16:49.724443'::time), date_part('second', interval '-7:41:11.608867'), date_part('microseconds', timestamp '2020-01-16 17:49:16.341736'), date_part('microseconds', timestamp '2020-01-16 17:49:16.341736'::time), date_part('microseconds', interval '9:18:52.524654');
SELECT date_part('julian', timestamp '2020-01-12 08:41:22.773668'), date_part('second', timestamp '2020-01-12 08:41:22.773668'::time), date_part('epoch', interval '-6:59:53.180851'), date_part('milliseconds', timestamp '2020-01-12 10:33:09.555053'), date_part('milliseconds', timestamp '2020-01-12 10:33:09.555053'::time), date_part('epoch', interval '-25:53:23.982915'), date_part('julian', timestamp '2020-01-10 22:05:46.703445'), date_part('second', timestamp '2020-01-10 22:05:46.703445'::time), date_part('epoch', interval '-29:39:49.981702'), date_part('microseconds', timestamp '2020-01-10 19:35:49.909249'), date_part('microseconds', timestamp '2020-01-10 19:35:49.909249'::time), date_part('epoch', interval '42:01:12.167796'), date_part('milliseconds', timestamp '2020-01-20 20:11:14.795866'), date_part('milliseconds', timestamp '2020-01-20 20:11:14.795866'::time), date_part('milliseconds', interval '30:45:02.494493'), date_part('microseconds', timestamp '2020-01-06 01:57:08.116212'), date_part('microseconds', timestamp '2020-01-06 01:57:08.116212'::time), date_part('second', interval '-27:30:12.574955'), date_part('epoch', timestamp '2020-01-14 14:22:24.694706'), date_part('epoch', timestamp '2020-01-14 14:22:24.694706'::time), date_part('microseconds', interval '-41:37:13.249400'), date_part('julian', timestamp '2020-01-01 11:25:17.897428'), date_part('second', timestamp '2020-01-01 11:25:17.897428'::time), date_part('microseconds', interval '-36:44:53.573825');
SELECT date_part('microseconds', timestamp '2020-01-02 17:39:19.099427'), date_part('microseconds', timestamp '2020-01-02 17:39:19.099427'::time), date_part('microseconds', interval '19:32:21.997303'), date_part('epoch', timestamp '2020-01-12 04:26:26.852481'), date_part('epoch', timestamp '2020-01-12 04:26:26.852481'::time), date_part('milliseconds', interval '32:34:23.490180'), date_part('milliseconds', timestamp '2020-01-06 19:24:36.500203'), date_part('milliseconds', timestamp '2020-01-06 19:24:36.500203'::time), date_part('second', interval '-33:38:05.368171'), date_part('epoch', timestamp '2020-01-13 03:20:36.960994'), date_part('epoch', timestamp '2020-01-13 03:20:36.960994'::time), date_part('epoch', interval '19:09:20.660032'), date_part('julian', timestamp '2020-01-14 13:14:31.305654'), date_part('second', timestamp '2020-01-14 13:14:31.305654'::time), date_part('milliseconds', interval '40:24:24.896495'), date_part('julian', timestamp '2020-01-20 19:16:47.315414'), date_part('second', timestamp '2020-01-20 19:16:47.315414'::time), date_part('microseconds', interval '-18:26:01.334655'), date_part('second', timestamp '2020-01-16 09:09:30.024929'), date_part('second', timestamp '2020-01-16 09:09:30.024929'::time), date_part('microseconds', interval '34:39:28.257425'), date_part('julian', timestamp '2020-01-02 04:52:25.013844'), date_part('second', timestamp '2020-01-02 04:52:25.013844'::time), date_part('epoch', interval '18:35:17.255298');
SELECT timestamp '2043-09-28 18:12:11.000001' + interval '-5 mons 17 days 33:47:39.681648', timestamp '2043-09-28 18:12:11.000001' - interval '-5 mons 17 days 33:47:39.681648', timestamp '2043-09-28 18:12:11.000001' - timestamp '1924-03-03 17:51:56', age(timestamp '2043-09-28 18:12:11.000001', timestamp '1924-03-03 17:51:56'), extract(day from timestamp '2043-09-28 18:12:11.000001'), date_part('day', timestamp '2043-09-28 18:12:11.000001'), date_trunc('year', timestamp '2043-09-28 18:12:11.000001'), timestamp '2043-09-28 18:12:11.000001'::date, timestamp '2043-09-28 18:12:11.000001'::time, to_char(timestamp '2043-09-28 18:12:11.000001', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(day from interval '-5 mons 17 days 33:47:39.681648');
SELECT timestamp '0246-01-07 07:38:01.000001' + interval '-13 mons 12 days 20:59:53.087245', timestamp '0246-01-07 07:38:01.000001' - interval '-13 mons 12 days 20:59:53.087245', timestamp '0246-01-07 07:38:01.000001' - timestamp '9683-11-10 15:00:42', age(timestamp '0246-01-07 07:38:01.000001', timestamp '9683-11-10 15:00:42'), extract(quarter from timestamp '0246-01-07 07:38:01.000001'), date_part('quarter', timestamp '0246-01-07 07:38:01.000001'), date_trunc('day', timestamp '0246-01-07 07:38:01.000001'), timestamp '0246-01-07 07:38:01.000001'::date, timestamp '0246-01-07 07:38:01.000001'::time, to_char(timestamp '0246-01-07 07:38:01.000001', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(quarter from interval '-13 mons 12 days 20:59:53.087245');
SELECT timestamp '3763-02-19 03:25:06.123456' + interval '6 mons 40 days -25:49:43.282880', timestamp '3763-02-19 03:25:06.123456' - interval '6 mons 40 days -25:49:43.282880', timestamp '3763-02-19 03:25:06.123456' - timestamp '0277-04-02 15:24:45.000001', age(timestamp '3763-02-19 03:25:06.123456', timestamp '0277-04-02 15:24:45.000001'), extract(decade from timestamp '3763-02-19 03:25:06.123456'), date_part('decade', timestamp '3763-02-19 03:25:06.123456'), date_trunc('milliseconds', timestamp '3763-02-19 03:25:06.123456'), timestamp '3763-02-19 03:25:06.123456'::date, timestamp '3763-02-19 03:25:06.123456'::time, to_char(timestamp '3763-02-19 03:25:06.123456', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(decade from interval '6 mons 40 days -25:49:43.282880');
SELECT timestamp '1985-02-05 07:45:06 BC' + interval '-6 mons -26 days 0:26:13.000493', timestamp '1985-02-05 07:45:06 BC' - interval '-6 mons -26 days 0:26:13.000493', timestamp '1985-02-05 07:45:06 BC' - timestamp '7977-08-17 06:46:49.5', age(timestamp '1985-02-05 07:45:06 BC', timestamp '7977-08-17 06:46:49.5'), extract(quarter from timestamp '1985-02-05 07:45:06 BC'), date_part('quarter', timestamp '1985-02-05 07:45:06 BC'), date_trunc('millennium', timestamp '1985-02-05 07:45:06 BC'), timestamp '1985-02-05 07:45:06 BC'::date, timestamp '1985-02-05 07:45:06 BC'::time, to_char(timestamp '1985-02-05 07:45:06 BC', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(quarter from interval '-6 mons -26 days 0:26:13.000493');
SELECT timestamp '9712-03-13 19:41:36 BC' + interval '-26 mons -29 days -24:37:40.254817', timestamp '9712-03-13 19:41:36 BC' - interval '-26 mons -29 days -24:37:40.254817', timestamp '9712-03-13 19:41:36 BC' - timestamp '1954-01-25 19:21:53.123456', age(timestamp '9712-03-13 19:41:36 BC', timestamp '1954-01-25 19:21:53.123456'), extract(microseconds from timestamp '9712-03-13 19:41:36 BC'), date_part('microseconds', timestamp '9712-03-13 19:41:36 BC'), date_trunc('year', timestamp '9712-03-13 19:41:36 BC'), timestamp '9712-03-13 19:41:36 BC'::date, timestamp '9712-03-13 19:41:36 BC'::time, to_char(timestamp '9712-03-13 19:41:36 BC', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(microseconds from interval '-26 mons -29 days -24:37:40.254817');
SELECT timestamp '6041-10-16 18:08:55.000001' + interval '-6 mons 21 days 27:05:26.049704', timestamp '6041-10-16 18:08:55.000001' - interval '-6 mons 21 days 27:05:26.049704', timestamp '6041-10-16 18:08:55.000001' - timestamp '0117-04-24 06:10:47.5', age(timestamp '6041-10-16 18:08:55.000001', timestamp '0117-04-24 06:10:47.5'), extract(minute from timestamp '6041-10-16 18:08:55.000001'), date_part('minute', timestamp '6041-10-16 18:08:55.000001'), date_trunc('milliseconds', timestamp '6041-10-16 18:08:55.000001'), timestamp '6041-10-16 18:08:55.000001'::date, timestamp '6041-10-16 18:08:55.000001'::time, to_char(timestamp '6041-10-16 18:08:55.000001', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(minute from interval '-6 mons 21 days 27:05:26.049704');
SELECT timestamp '0635-12-23 12:16:26.000001' + interval '28 mons -14 days 45:01:04.282270', timestamp '0635-12-23 12:16:26.000001' - interval '28 mons -14 days 45:01:04.282270', timestamp '0635-12-23 12:16:26.000001' - timestamp '2875-04-16 17:41:54', age(timestamp '0635-12-23 12:16:26.000001', timestamp '2875-04-16 17:41:54'), extract(dow from timestamp '0635-12-23 12:16:26.000001'), date_part('dow', timestamp '0635-12-23 12:16:26.000001'), date_trunc('month', timestamp '0635-12-23 12:16:26.000001'), timestamp '0635-12-23 12:16:26.000001'::date, timestamp '0635-12-23 12:16:26.000001'::time, to_char(timestamp '0635-12-23 12:16:26.000001', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(hour from interval '28 mons -14 days 45:01:04.282270');
SELECT timestamp '4081-05-12 16:36:08' + interval '14 mons -1 days -46:01:38.667087', timestamp '4081-05-12 16:36:08' - interval '14 mons -1 days -46:01:38.667087', timestamp '4081-05-12 16:36:08' - timestamp '0268-03-19 01:59:01.000001', age(timestamp '4081-05-12 16:36:08', timestamp '0268-03-19 01:59:01.000001'), extract(second from timestamp '4081-05-12 16:36:08'), date_part('second', timestamp '4081-05-12 16:36:08'), date_trunc('month', timestamp '4081-05-12 16:36:08'), timestamp '4081-05-12 16:36:08'::date, timestamp '4081-05-12 16:36:08'::time, to_char(timestamp '4081-05-12 16:36:08', 'YYYY-MM-DD HH24:MI:SS.US Dy Mon IYYY IW ID DDD J CC Q WW W'), extract(second from interval '14 mons -1 days -46:01:38.667087');
-- two-digit years
SELECT '27-Oct-8 11:10'::timestamp, 'Jul 9, 0'::date, '28 Jun 0'::date, '11/18/99'::date, '1/2/11 BC'::date, 'Feb 28, 11 BC'::date;
SELECT 'Feb 29, 11 BC'::date;
-- date_bin
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01'), date_bin('15 minutes', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01 00:02:30+00'), date_bin('1 day', timestamp '1999-12-31 23:00', timestamp '2000-01-01 12:00'), date_bin('7 days', timestamp 'infinity', timestamp '2000-01-01'), date_bin('1 hour 30 min', timestamp '2020-01-01 04:00', timestamp '2020-01-01');
SELECT date_bin('1 month', timestamp '2020-01-01', timestamp '2000-01-01');
SELECT date_bin('0 days', timestamp '2020-01-01', timestamp '2000-01-01');
SELECT date_bin('-1 day', timestamp '2020-01-01', timestamp '2000-01-01');
SELECT date_bin('1 day', timestamp '2020-01-01', timestamp 'infinity');
-- date_trunc in a zone
SELECT date_trunc('day', timestamptz '2020-05-17 12:34:56+00', 'UTC'), date_trunc('hour', timestamptz '2020-05-17 12:34:56+00', 'Etc/UTC');
SELECT date_trunc('day', timestamptz '2020-05-17 12:34:56+00', 'Nowhere/Land');
