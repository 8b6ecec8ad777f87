(()=>{"use strict";
// Dateline embed: arrow keys and j/k move between entries, further pages load near either end,
// and the page focuses the entry it opens at (start_at), shown first by the server under the folded
// earlier entries. Entries from the JSON API are built with DOM calls
// (text nodes only, links to http(s) URLs only), the same markup as the server's.
const d=document,ol=d.querySelector("ol.tl");if(!ol)return;
const ds=ol.dataset,root=d.scrollingElement||d.documentElement,busy={};
const M=["January","February","March","April","May","June","July","August","September","October","November","December"];
const arts=()=>[...ol.querySelectorAll(".tl>li>article")];
const okUrl=u=>/^https?:\/\/[^\/?#\s\\]+\S*$/i.test(u||"")&&!/[\x00-\x1f\x7f]/.test(u);
function fmt(s){const m=/^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$/.exec(s||"");if(!m||(m[2]&&!M[m[2]-1]))return s;
return [m[3]&&+m[3],m[2]&&M[m[2]-1],m[1]].filter(Boolean).join(" ")}
function h(t,a,...c){const n=d.createElement(t);for(const k in a)if(a[k]!=null)n.setAttribute(k,a[k]);
n.append(...c.filter(x=>x!=null&&x!==""));return n}
const when=s=>/^\d{4}(-\d\d){0,2}$/.test(s)?h("time",{datetime:s},fmt(s)):s;
const link=(u,text,lang)=>okUrl(u)?h("a",{href:u,target:"_blank",rel:"noopener",lang},text):null;
function entry(e){const id=e.id,src=e.citations||[];
const refs=src.length?h("sup",{class:"r"},...src.flatMap((c,i)=>[i?",":"",h("a",{href:`#f-${id}-${i+1}`},""+(i+1))])):null;
const dt=e.precision==="time"&&!e.date.includes("/")?e.date.replace(/[?~%]$/,""):e.start.slice(0,{year:4,month:7}[e.precision]||10);
const m=e.media,kids=[h("p",{class:"d"},h("time",{datetime:dt,dir:"auto"},e.display),e.location?" · "+e.location.name:null),
h("h2",{id:"t-"+id,dir:"auto"},e.title,e.summary?null:refs)];
if(e.status==="retracted")kids.push(h("p",{class:"x",dir:"auto"},h("strong",{},"Retracted"),e.retraction_note?": "+e.retraction_note:"."));
if(e.summary)kids.push(h("p",{dir:"auto"},e.summary,refs));
if(m){const label=m.caption||m.alt_text||"View";
kids.push(h("p",{class:"m",dir:"auto"},"Media: ",link(m.url,label)||label+" ("+m.url+")",m.credit?" — "+m.credit:null))}
for(const c of e.corrections||[])kids.push(h("p",{class:"c",dir:"auto"},"Corrected on ",when(c.at.slice(0,10)),": "+c.note));
if(src.length)kids.push(h("ol",{class:"fn","aria-label":"Sources"},...src.map((c,i)=>{const s=c.source;
return h("li",{id:`f-${id}-${i+1}`,class:c.stance,dir:"auto"},c.stance!=="supports"?h("span",{class:"st"},c.stance):null,
s.publisher?s.publisher+", ":null,link(s.url,"“"+s.title+"”",s.language)||"“"+s.title+"” ("+s.url+")",
s.published?", ":null,s.published?when(s.published):null,". ",h("q",{dir:"auto",lang:s.language},c.quote),c.locator?" ("+c.locator+")":null,
s.archive_url?" ":null,s.archive_url?link(s.archive_url,"Archived copy")||"Archived copy: "+s.archive_url:null)})));
return h("li",{id:"e-"+id},h("article",{tabindex:"-1","aria-labelledby":"t-"+id},...kids))}
const label=(n,more)=>n?n+" earlier entr"+(n>1?"ies":"y")+(more?" and more":""):"Earlier entries";
const moreLink=dir=>d.querySelector(`a.more[data-dir=${dir}]`);
function load(dir){const cur=ds[dir],a=moreLink(dir);if(!cur||busy[dir])return;busy[dir]=1;
fetch(`${ds.api}?limit=${ds.limit}&cursor=${encodeURIComponent(cur)}`,{headers:{Accept:"application/json"}})
.then(r=>{if(!r.ok)throw r;return r.json()}).then(p=>{const f=d.createDocumentFragment();
for(const e of p.items)if(e.object!=="tombstone")f.append(entry(e));
if(dir==="next"){ol.append(f);ds.next=p.next_cursor||""}
else{const y=root.scrollHeight,early=d.querySelector("ol.early"),sum=d.querySelector(".earlier>details>summary");
(early||ol).prepend(f);root.scrollTop+=root.scrollHeight-y;ds.prev=p.prev_cursor||"";
const n=early?early.children.length:0;// all earlier pages in: the loaded count; else the server's exact one
if(sum)sum.textContent=ds.prev&&ds.before?label(Math.max(+ds.before,n)):label(n,!!ds.prev)}
if(!ds[dir]&&a)a.remove();busy[dir]=0;check()}).catch(()=>{busy[dir]=0})}
function near(dir){const a=moreLink(dir);if(!a||a.closest("details:not([open])"))return false;const r=a.getBoundingClientRect(),v=innerHeight;
return dir==="next"?r.top<v+600:r.bottom>-600}
function check(){for(const dir of ["next","prev"])if(near(dir))load(dir)}
d.addEventListener("toggle",check,true);// the folded earlier entries opened: their pages may be needed
let tick=0;addEventListener("scroll",()=>{if(!tick){tick=1;requestAnimationFrame(()=>{tick=0;check()})}},{passive:true});
d.addEventListener("click",ev=>{const a=ev.target.closest&&ev.target.closest("a.more");
if(a&&!ev.ctrlKey&&!ev.metaKey&&!ev.shiftKey){ev.preventDefault();load(a.dataset.dir)}});
let cur=ol.querySelector("article[tabindex='0']")||ol.querySelector("article");
function go(a,first){const fold=a.closest("details");if(fold)fold.open=true;if(cur&&cur!==a)cur.tabIndex=-1;cur=a;a.tabIndex=0;a.focus();if(first&&!ds.prev)scrollTo(0,0)}
d.addEventListener("keydown",ev=>{if(ev.altKey||ev.ctrlKey||ev.metaKey||ev.shiftKey)return;
const t=ev.target,k=ev.key;if(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))return;
const all=arts();if(!all.length)return;let i=all.indexOf(t.closest&&t.closest(".tl>li>article")),j;
const on=i>=0;if(!on)i=Math.max(0,all.indexOf(cur));
if(k==="ArrowDown"||k==="j")j=on?i+1:i;else if(k==="ArrowUp"||k==="k")j=on?i-1:i;
else if(k==="Home")j=0;else if(k==="End")j=all.length-1;else return;
ev.preventDefault();j=Math.max(0,Math.min(all.length-1,j));go(all[j],!j);check()});
const hint=d.getElementById("kb");if(hint)hint.hidden=false;
if(cur&&ds.at&&top===self)cur.focus({preventScroll:true});
check()})();
