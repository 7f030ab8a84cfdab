-- type input and output functions called from SQL: cstring arguments and results
SELECT int4in('5'), int4out(7), textout('x'), int4in(int4out(3)) + 1 AS four;
SELECT boolin('yes'), numeric_in('1.50', 0, -1), date_in('2024-02-29');
SELECT 'abc'::cstring, length(textout('hello'));
SELECT int4in('x');
SELECT int4in(NULL) IS NULL AS null_in;
