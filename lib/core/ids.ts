// 24-hex ids like Membrane's (Mongo ObjectId shape): 8 hex seconds + 16 hex counter/random.
// Time-ordered, so keyset pagination by id follows creation order.
let counter = Math.floor(Math.random() * 0xffffff);
const rand = () =>
  Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");

export function newId(date: Date = new Date()): string {
  const secs = Math.floor(date.getTime() / 1000)
    .toString(16)
    .padStart(8, "0");
  counter = (counter + 1) % 0xffffff;
  const ms = (date.getTime() % 1000).toString(16).padStart(3, "0");
  return secs + ms + counter.toString(16).padStart(6, "0") + rand().slice(0, 7);
}

export function isId(value: string): boolean {
  return /^[0-9a-f]{24}$/.test(value);
}
