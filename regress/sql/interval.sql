-- interval: input forms, the four IntervalStyles, arithmetic, comparison, keys, typmods
SELECT '1 day 2 hours'::interval, '1 year 2 mons 3 days 04:05:06.5'::interval, '-1 day +2:00'::interval,
       'P1Y2M3DT4H5M6S'::interval, 'P2W'::interval, 'PT1.5S'::interval, '@ 1 minute ago'::interval,
       '1.5 days'::interval, '100000 hours'::interval, '3 weeks'::interval,
       '1 millennium 2 centuries 3 decades'::interval, '-00:01'::interval, '1:2:3.456789'::interval,
       '2 01:02'::interval, '1-2'::interval, '1.5 years'::interval, '1.5 months'::interval,
       '10 secs 500 msec'::interval, '7 us'::interval, '0'::interval, '+1 hour -30 min'::interval;
SELECT interval '1' day, interval '1' hour, interval '1' year, interval '2 days 10:20:30.5' day to minute,
       interval '1 year 5 months' year, interval '10:20:30.123456' hour to second(2),
       interval(2) '1.23456 seconds', '1 day 01:02:03.5'::interval(0);
SELECT 'xyz'::interval;
SELECT '1 fortnight'::interval;
SELECT '2147483648 days'::interval;
SELECT '1:60'::interval;
SELECT '- 1'::interval, '1 day ago ago'::interval, '1 week 2 days'::interval, '1 year 1 decade'::interval,
       '10:00 1 day'::interval, '1.5 2:00'::interval, '1 2:03'::interval, '-1 2:03:04'::interval,
       '1 day 2'::interval, 'P1'::interval, '@ 1 day 2 hours ago'::interval, '1 day ago 2 hours'::interval;
SELECT '1:2:3:4'::interval;
SELECT '1e2 days'::interval;
SELECT '1 2 3'::interval;
SELECT '1 sec 1 sec'::interval;
SELECT '1 hour 10:00'::interval;
SELECT 'P1Y2'::interval;
SELECT ''::interval;
SELECT 'ago'::interval;
SELECT justify_interval(interval '2147483647 months 30 days');
-- styles
SET IntervalStyle = postgres_verbose;
SELECT '1 year 2 mons 3 days 04:05:06.5'::interval, '-1 day +2:00'::interval, '-1 year -2 mons'::interval,
       '00:00:00'::interval, '-00:00:01.5'::interval, '1 day -01:02:03'::interval, '1 sec'::interval;
SET IntervalStyle = sql_standard;
SELECT '1 year 2 mons 3 days 04:05:06.5'::interval, '-1 day +2:00'::interval, '-1 year -2 mons'::interval,
       '00:00:00'::interval, '-00:00:01.5'::interval, '1 day -01:02:03'::interval, '1 year'::interval,
       '3 days'::interval, '-1 year -2 days -03:00'::interval, '1:2'::interval;
SELECT '-1 2:03:04'::interval, '-6 years 55:27:50'::interval, '-1 +2:03:04'::interval, '-1-2 3'::interval;
SET IntervalStyle = iso_8601;
SELECT '1 year 2 mons 3 days 04:05:06.5'::interval, '-1 day +2:00'::interval, '-1 year -2 mons'::interval,
       '00:00:00'::interval, '-00:00:01.5'::interval, '1 day -01:02:03'::interval;
SET IntervalStyle = nonsense;
RESET IntervalStyle;
SHOW IntervalStyle;
-- arithmetic
SELECT interval '1 day' + interval '-3 hours', interval '1 mon' - interval '1 day', -interval '1 year 2 days',
       interval '1 hour' * 2.5, 2 * interval '1 mon 1 day', interval '1 month' / 3, interval '1 day' / 7,
       interval '10 days' / 0.3, interval '1 year' * 0.5, interval '-1 mon' * 1.5;
SELECT interval '1 day' / 0;
SELECT interval '2147483647 days' + interval '1 day';
SELECT justify_days(interval '65 days'), justify_hours(interval '50 hours'), justify_interval(interval '1 mon -1 hour'),
       justify_days(interval '-65 days 1 hour'), justify_hours(interval '-50 hours'), justify_interval(interval '-1 mon 50 hours');
SELECT extract(epoch from interval '1 day 1 sec'), extract(day from interval '40 days'), extract(month from interval '14 months'),
       extract(year from interval '14 months'), extract(hour from interval '100 hours'), extract(second from interval '-1.5 sec'),
       extract(epoch from interval '1 year 1 mon'), extract(quarter from interval '5 mons'), date_part('day', interval '3 days'),
       date_part('epoch', interval '1 month');
SELECT extract(dow from interval '1 day');
SELECT date_trunc('hour', interval '1 day 12:34:56'), date_trunc('year', interval '1 year 2 months'),
       date_trunc('quarter', interval '1 year 5 months'), date_trunc('day', interval '3 days 04:00'),
       date_trunc('millennium', interval '2500 years');
SELECT date_trunc('week', interval '10 days');
-- comparison: '1 mon' equals '30 days'
SELECT interval '1 day' < interval '25 hours', interval '1 mon' = interval '30 days', interval '1 year' > interval '360 days',
       interval '-1 day' < interval '0', interval '24 hours' = interval '1 day';
CREATE TABLE iv_t (i interval PRIMARY KEY, note text);
INSERT INTO iv_t VALUES ('1 day', 'a'), ('-2 hours', 'b'), ('1 mon', 'c'), ('1 year', 'd'), ('00:00:01', 'e');
INSERT INTO iv_t VALUES ('24 hours', 'dup');
INSERT INTO iv_t VALUES ('30 days', 'dup');
SELECT * FROM iv_t ORDER BY i;
SELECT * FROM iv_t ORDER BY i DESC LIMIT 2;
SELECT note FROM iv_t WHERE i = '720 hours';
CREATE TABLE iv_g (i interval);
INSERT INTO iv_g VALUES ('1 day'), ('24 hours'), ('1 hour');
SELECT count(*), min(i::text) FROM iv_g GROUP BY i ORDER BY i;
DROP TABLE iv_g;
SELECT sum(1), min(note) FROM iv_t WHERE i > '1 hour';
DROP TABLE iv_t;
-- aggregates
CREATE TABLE iv_agg (d date, t time, ts timestamp, i interval);
INSERT INTO iv_agg VALUES ('2020-01-01', '10:00', '2020-01-01 10:00', '1 day'),
  ('2019-05-05', '23:00', '2021-01-01', '1 mon 2 hours'), (NULL, NULL, NULL, NULL),
  ('infinity', '00:00', '-infinity', '-3 days 1.5 sec');
SELECT min(d), max(d), min(t), max(t), min(ts), max(ts), min(i), max(i), sum(i), avg(i), count(i) FROM iv_agg;
SELECT sum(i), avg(i) FROM iv_agg WHERE false;
SELECT d, sum(i) FROM iv_agg GROUP BY d ORDER BY d;
DROP TABLE iv_agg;
-- fuzzed interval input (PostgreSQL reads fields right to left)
SELECT '83 hour 4:04 -3 hours'::interval;
SELECT '-6.17 sec +96'::interval;
SELECT '+20:20 -88 ms +17:11:11 -7.33 second'::interval;
SELECT '3.24 month +0.92 years'::interval;
SELECT '+4.20 s -25'::interval;
SELECT '9.30 days 74 11:37'::interval;
SELECT '21 day 56 week -6.38 century'::interval;
SELECT 'ago'::interval;
SELECT '8.68 hour'::interval;
SELECT '48 s +3.33 century'::interval;
SELECT '75 d 40 mon'::interval;
SELECT '4.24 us'::interval;
SELECT '-67 years 4.38 min 5.62 century +5'::interval;
SELECT '6 year 11 -9 years'::interval;
SELECT '16:50 +79 mons'::interval;
SELECT '@ -33 year'::interval;
SELECT '16:45:05 ago'::interval;
SELECT 'ago +7.49 month +9:00'::interval;
SELECT '31 y +33 +6.91 days'::interval;
SELECT '61 mons'::interval;
SELECT '-10 days'::interval;
SELECT '99 d +4.28 year 10:33 -83 week'::interval;
SELECT '5.18 sec -92 -75 month 1:34'::interval;
SELECT '-12:36'::interval;
SELECT '+8 @ 26 y +0.91 second'::interval;
SELECT '10 month -3.55 year 95 mon 40 m'::interval;
SELECT '9.22 m +65 sec'::interval;
SELECT '6.39 min'::interval;
SELECT '+36 mons 20'::interval;
SELECT '-19'::interval;
SELECT '3:31:06 +7.29 minute'::interval;
SELECT '+1.98 ms 90 hour +0.45 minute'::interval;
SELECT '4:47:10 25:38:07 19 second'::interval;
SELECT '+51 second 100 decade +95 71 seconds'::interval;
SELECT '+5.24 second'::interval;
SELECT '55 second 72 years'::interval;
SELECT '+8.16 mon'::interval;
SELECT 'ago ago +20:11:07 7.4 years'::interval;
SELECT '+67 w 22'::interval;
SELECT '+24 mon'::interval;
SELECT '23:38:33 18:58:01 7.86 month 17 week'::interval;
SELECT '51 y +0.13 ms 0.92 days 9.16 minute'::interval;
SELECT '@ 4 mon'::interval;
SELECT '-10 s'::interval;
SELECT '+73 +16:45:39 -6.97 mon -19 mon'::interval;
SELECT '+6.25 days +0.9 ms ago +16:04:19'::interval;
SELECT '-0:19 5.4 s'::interval;
SELECT '+6.6 month -6.31 s 2 years -9.51 year'::interval;
SELECT '24:16'::interval;
SELECT '1.53 ms'::interval;
SELECT '-8 seconds 13 minute 83 days'::interval;
SELECT '-7.88 second -72 hours +61 mon'::interval;
SELECT '20:21:37 +20 92 millennium'::interval;
SELECT '+52 second -7.0 days'::interval;
SELECT '-5.87 s -23 y 4.37 year'::interval;
SELECT '+6.44 mons -22 year 22 m +1.15 century'::interval;
SELECT '57 @ 9.9 years +21'::interval;
SELECT '4.59 s -48 mon +4.44 millennium'::interval;
SELECT '97 y -27:59'::interval;
SELECT '17:03:15'::interval;
SELECT '3.17 m .7 ms -12-10 +84 millisecond'::interval;
SELECT '+4.71 ms'::interval;
SELECT '@ 77 ms @'::interval;
SELECT 'ago 21 s 9:39:21.2 0.81 week .3 min'::interval;
SELECT 'ago -22 microseconds +29 day 0.43 m +49 sec'::interval;
SELECT '@'::interval;
SELECT '83 us +1.56 day'::interval;
SELECT '-7.68 s +84 36 +6.43 year -30:54:42.2'::interval;
SELECT '13:55 3:32 -86 week'::interval;
SELECT '-25 mons @ -24 week 7.88 microseconds'::interval;
SELECT '35 w +21:10'::interval;
SELECT '+0.14 day .1 d 17 mons 71 s 7.21 h'::interval;
SELECT '24:35:22.8'::interval;
SELECT '4-2'::interval;
SELECT '97 h 78'::interval;
SELECT '10-0 +24 .9 year .8 day 21'::interval;
SELECT '-75 decade ago -37 +.3 d'::interval;
SELECT '12:52:14.8 4.94 millisecond 5-8'::interval;
SELECT 'ago 26:36:00.9 ago @'::interval;
SELECT 'ago'::interval;
SELECT '0-10 +1.21 s .4 w 55 w 5-10'::interval;
SELECT '.4 s 4.41 ms 4 mons'::interval;
SELECT '-1 h -.5 week .3 day'::interval;
SELECT '-48 year 28 year +.7 m -10-11'::interval;
SELECT '-67 4.41 decade 6:28'::interval;
SELECT '-6.15 w +13-5 8.13 ms -.2 year 2.52 year'::interval;
SELECT '-27 s'::interval;
SELECT '99 decade +49 8:33:54.2'::interval;
SELECT '19-1 +16 millisecond +8.32 decade'::interval;
SELECT '.6 millisecond +2.73 m'::interval;
SELECT '13-1 10 decade 93 microseconds 2:39:01.3 -0.56 microseconds'::interval;
SELECT '-.6 microseconds ago +91 .3 millisecond -2'::interval;
SELECT '-4:08:04.8'::interval;
SELECT '@ -1.93 mons -13:12'::interval;
SELECT '.9 m'::interval;
SELECT '+8:06 ago .6 us'::interval;
SELECT '-.3 min 70 us 33 h +7.83 decade .6 min'::interval;
SELECT '2-0 57 +.1 us'::interval;
SELECT 'ago +36'::interval;
SELECT '.1 us -30:48:08.4 22:58:21.9 85 -22 m'::interval;
SELECT '-19-4 98 sec ago 4.41 m'::interval;
SELECT '-21 +.8 d'::interval;
SELECT '9.6 microseconds 25:29:07.6'::interval;
SELECT '-10-3 7-10 +5-3'::interval;
SELECT '@ 0.11 ms -14-5 .7 s'::interval;
SELECT '.6 min @ +9.38 y'::interval;
SELECT '+24 m'::interval;
SELECT '-7 3-8 14 us -0-5'::interval;
SELECT 'ago'::interval;
SELECT '27 y -5.43 year'::interval;
SELECT '6.36 sec +10-10 +82 week .7 h'::interval;
SELECT '-9.43 week'::interval;
SELECT '85 w 3.14 d ago -71'::interval;
SELECT '5.24 w 5-11 21:03:19.5 .6 week'::interval;
SELECT '7 day 0'::interval;
SELECT '-15:24:39.3 +65 y ago -14-11 0.25 year'::interval;
SELECT '31 day'::interval;
SELECT '-11-5'::interval;
SELECT '.4 y .5 decade'::interval;
SELECT '.9 d 19-7 +95 w 25 +9 ms'::interval;
SELECT '19-7 +19:17 ago +17:22 16-9'::interval;
SELECT '82'::interval;
SELECT '.7 decade'::interval;
SELECT '85 ms'::interval;
SELECT '-4-2 +11:36 @ 21:17:39.8 +22:36:17.4'::interval;
SELECT 'ago ago -2 microseconds .9 sec'::interval;
SELECT '3 s +99 day -.2 year 25:10 7-9'::interval;
SELECT '-6-6 +32 ago 6.23 min'::interval;
SELECT '-25:06:04.5 7-8'::interval;
SELECT '.4 d'::interval;
SELECT '-.3 us +4.47 day 6:31 +.1 ms @'::interval;
SELECT '9 min -12:41 -2-9 +1-3'::interval;
SELECT '0:57:20.3 7.37 m ago 5.64 mons'::interval;
SELECT '36 week'::interval;
SELECT '+3.76 millisecond 7.42 millisecond 7 us 2.2 h 48 millisecond'::interval;
SELECT '@ 0.0 millisecond +100 day 78 microseconds'::interval;
SELECT '-.3 day .2 s -64 min'::interval;
SELECT '-16:16 7.88 microseconds +27:40:00.2'::interval;
SELECT '44 m 6-7 -26:50:07.0 @ 38 mons'::interval;
SELECT '-.4 s'::interval;
-- large and sub-microsecond interval fields, exactly
SELECT '2562047788:00:54.775807'::interval, '-2562047788 hours'::interval, '9223372036854 ms'::interval, '1000000000:00:00.000001'::interval, '0.0000005 s'::interval, '0.0000015 s'::interval, '1.0000005 s'::interval, '-0.0000005 s'::interval, '1.5 us'::interval, '2562047788:00:54.775807 -1 us'::interval;
SELECT '2562047788:00:54.775808'::interval;
SELECT '9223372036855 ms'::interval;
SELECT '99999999999999999999999 hours'::interval;
SELECT '-178956970 years -8 mons'::interval, '-2147483648 days'::interval, '-178956970 years -8 mons -2147483647 days -2562047788:00:54.775807'::interval;
-- to_char(interval)
SELECT to_char(interval '1 year 2 mons 3 days 26:05:06.789', 'YYYY-MM-DD HH24:MI:SS.MS US HH HH12 AM'), to_char(interval '-1 day -02:03:04', 'DD HH24:MI:SS'), to_char(interval '100 hours', 'HH24'), to_char(interval '15h 2m 12s', 'HH24:MI:SS'), to_char(interval '0', 'FMHH24:MI');
SELECT to_char(interval '1 day', 'DDD');
SELECT to_char(interval '1 day', 'Day');
SELECT to_char(interval '-1 year -2 mons', 'YYYY MM'), to_char(interval '13:00', 'HH12 PM'), to_char(interval '00:30', 'HH12'), to_char(interval '2562047788:00:54.775807', 'HH24:MI:SS.US'), to_char(interval '90 min', 'SSSS "sec"'), to_char(interval '1.5 sec', 'SS.FF3');
SELECT to_char(interval '1 day', '');
