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
