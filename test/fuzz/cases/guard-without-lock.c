/*
 * Fuzz case (engine): a guard whose argument list is broken. The engine reports
 * a lock named "" (an empty name); `guard(spinlock)();` gives one named "spinlock".
 * Found by test/fuzz (a splice of two corpus functions); see cases.test.ts.
 */
void f(int v)
{
	guard(spinlock)( = v;
}
