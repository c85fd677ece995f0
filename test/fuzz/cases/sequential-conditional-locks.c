/*
 * Fuzz case (engine, slow): 400 if/else statements, each taking or releasing one of four locks
 * Found by test/fuzz; see cases.test.ts for the measured cost and the todo.
 */
static DEFINE_SPINLOCK(l);

int f(int x, struct node *p)
{
	if (x & 0)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 1)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 2)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 3)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 4)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 5)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 6)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 7)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 8)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 9)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 10)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 11)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 12)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 13)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 14)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 15)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 16)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 17)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 18)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 19)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 20)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 21)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 22)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 23)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 24)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 25)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 26)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 27)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 28)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 29)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 30)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 31)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 32)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 33)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 34)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 35)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 36)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 37)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 38)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 39)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 40)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 41)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 42)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 43)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 44)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 45)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 46)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 47)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 48)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 49)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 50)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 51)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 52)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 53)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 54)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 55)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 56)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 57)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 58)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 59)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 60)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 61)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 62)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 63)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 64)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 65)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 66)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 67)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 68)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 69)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 70)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 71)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 72)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 73)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 74)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 75)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 76)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 77)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 78)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 79)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 80)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 81)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 82)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 83)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 84)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 85)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 86)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 87)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 88)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 89)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 90)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 91)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 92)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 93)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 94)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 95)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 96)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 97)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 98)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 99)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 100)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 101)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 102)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 103)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 104)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 105)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 106)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 107)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 108)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 109)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 110)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 111)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 112)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 113)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 114)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 115)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 116)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 117)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 118)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 119)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 120)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 121)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 122)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 123)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 124)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 125)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 126)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 127)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 128)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 129)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 130)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 131)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 132)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 133)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 134)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 135)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 136)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 137)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 138)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 139)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 140)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 141)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 142)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 143)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 144)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 145)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 146)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 147)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 148)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 149)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 150)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 151)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 152)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 153)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 154)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 155)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 156)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 157)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 158)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 159)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 160)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 161)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 162)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 163)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 164)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 165)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 166)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 167)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 168)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 169)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 170)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 171)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 172)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 173)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 174)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 175)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 176)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 177)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 178)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 179)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 180)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 181)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 182)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 183)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 184)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 185)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 186)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 187)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 188)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 189)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 190)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 191)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 192)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 193)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 194)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 195)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 196)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 197)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 198)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 199)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 200)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 201)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 202)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 203)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 204)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 205)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 206)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 207)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 208)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 209)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 210)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 211)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 212)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 213)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 214)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 215)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 216)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 217)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 218)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 219)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 220)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 221)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 222)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 223)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 224)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 225)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 226)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 227)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 228)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 229)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 230)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 231)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 232)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 233)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 234)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 235)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 236)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 237)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 238)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 239)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 240)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 241)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 242)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 243)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 244)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 245)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 246)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 247)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 248)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 249)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 250)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 251)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 252)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 253)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 254)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 255)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 256)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 257)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 258)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 259)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 260)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 261)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 262)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 263)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 264)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 265)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 266)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 267)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 268)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 269)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 270)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 271)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 272)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 273)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 274)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 275)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 276)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 277)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 278)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 279)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 280)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 281)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 282)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 283)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 284)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 285)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 286)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 287)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 288)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 289)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 290)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 291)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 292)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 293)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 294)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 295)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 296)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 297)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 298)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 299)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 300)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 301)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 302)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 303)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 304)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 305)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 306)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 307)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 308)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 309)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 310)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 311)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 312)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 313)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 314)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 315)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 316)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 317)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 318)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 319)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 320)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 321)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 322)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 323)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 324)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 325)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 326)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 327)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 328)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 329)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 330)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 331)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 332)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 333)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 334)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 335)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 336)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 337)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 338)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 339)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 340)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 341)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 342)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 343)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 344)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 345)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 346)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 347)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 348)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 349)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 350)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 351)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 352)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 353)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 354)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 355)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 356)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 357)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 358)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 359)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 360)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 361)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 362)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 363)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 364)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 365)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 366)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 367)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 368)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 369)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 370)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 371)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 372)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 373)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 374)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 375)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 376)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 377)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 378)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 379)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 380)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 381)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 382)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 383)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 384)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 385)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 386)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 387)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 388)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 389)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 390)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 391)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 392)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 393)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 394)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 395)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	if (x & 396)
		spin_lock(&l0);
	else
		spin_unlock(&l0);
	if (x & 397)
		spin_lock(&l1);
	else
		spin_unlock(&l1);
	if (x & 398)
		spin_lock(&l2);
	else
		spin_unlock(&l2);
	if (x & 399)
		spin_lock(&l3);
	else
		spin_unlock(&l3);
	return x;
}
