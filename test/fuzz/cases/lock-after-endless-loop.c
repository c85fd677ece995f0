/*
 * Fuzz case (engine): a lock taken after a loop that never ends. The common path
 * counts the acquire (1) while the maximum over paths is 0, so max < common.
 * Found by test/fuzz (mutated corpus functions); see cases.test.ts.
 */
void f(struct sensor *s)
{
	for (;;)
		sensor_poll(s);
	spin_lock(&s->lock);
	spin_unlock(&s->lock);
}
