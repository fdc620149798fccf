#!/bin/bash
# usage: prof2.sh <url-path> <writes/s> [env...]
set -e
rm -rf /tmp/prof; mkdir -p /tmp/prof
env WORKSPACE_KEY=bench WORKSPACE_SECRET=bench-secret-0123456789abcdef ADMIN_PASSWORD=bench-password DATA_DIR=bench-data/api-pg SEED_DEMO=off PORT=3391 "${@:3}" node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/server.ts > /tmp/prof/server.log 2>&1 &
pid=$!
for i in $(seq 1 120); do curl -sf localhost:3391/api/health >/dev/null && break; sleep 0.5; done
TOKEN=$(node -e '
const {SignJWT}=require("jose");
new SignJWT({isAdmin:true}).setProtectedHeader({alg:"HS256"}).setIssuer("bench").setExpirationTime("1h").sign(new TextEncoder().encode("bench-secret-0123456789abcdef")).then(t=>console.log(t))')
npx autocannon -c 10 -d 2 -H "authorization=Bearer $TOKEN" "http://127.0.0.1:3391$1" >/dev/null 2>&1
TOKEN=$TOKEN node -e '
let n=0; const t0=Date.now(); const lat=[];
const iv=setInterval(async()=>{ n++; const s=Date.now(); const r=await fetch("http://127.0.0.1:3391/api/flow-instances/6b0000000500000000000186a0",{method:"PATCH",headers:{authorization:"Bearer "+process.env.TOKEN,"content-type":"application/json"},body:JSON.stringify({name:"R"+n})}); lat.push(Date.now()-s); if(!r.ok) console.log("status",r.status, await r.text());}, 1000/'$2');
setTimeout(()=>{clearInterval(iv); lat.sort((a,b)=>a-b); console.log("writes",n,"p50",lat[lat.length>>1],"max",lat[lat.length-1]);}, 8500);' &
wpid=$!
npx autocannon -c 50 -d 8 -H "authorization=Bearer $TOKEN" "http://127.0.0.1:3391$1" 2>&1 | grep -E "Latency|Req/Sec|requests in"
wait $wpid
curl -s -H "authorization: Bearer $TOKEN" localhost:3391/api/metrics | grep api_reads
kill -TERM $pid; wait $pid || true
