/** Static help-center assets: one stylesheet and a tiny optional script (instant search, open chat). */
export const HELP_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2933;background:#f7f8fa}
a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.wrap{max-width:960px;margin:0 auto;padding:0 20px}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
.top{background:#1e3a8a;color:#fff}.top .wrap{display:flex;justify-content:space-between;align-items:center;gap:16px;min-height:56px;flex-wrap:wrap}
.brand{color:#fff;font-weight:600;text-decoration:none}.lang ul{display:flex;gap:12px;list-style:none;margin:0;padding:0}.lang a{color:#dbeafe}.lang span{font-weight:600}
main.wrap{padding:24px 20px 48px;min-height:60vh}h1{font-size:1.8rem;line-height:1.3;margin:.4em 0}h2{font-size:1.25rem;margin:1.6em 0 .6em}
.hero{background:#fff;border-radius:12px;padding:28px;margin-bottom:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.search{display:flex;gap:8px;position:relative;margin:12px 0;flex-wrap:wrap}.search input[type=search]{flex:1;min-width:200px;padding:10px 12px;border:1px solid #9aa5b1;border-radius:8px;font-size:1rem}
.search.big input[type=search]{padding:14px 16px;font-size:1.1rem}
button{background:#1d4ed8;color:#fff;border:0;border-radius:8px;padding:10px 18px;font-size:1rem;cursor:pointer}button:hover{background:#1e40af}
.instant{position:absolute;top:100%;left:0;right:0;background:#fff;border:1px solid #cbd2d9;border-radius:8px;list-style:none;margin:4px 0 0;padding:4px;z-index:5;box-shadow:0 6px 16px rgba(0,0,0,.12)}
.instant a{display:block;padding:8px 10px;text-decoration:none;border-radius:6px}.instant a:hover,.instant a:focus{background:#eff6ff}
.cats{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;list-style:none;padding:0}
.cats a{display:flex;flex-direction:column;gap:4px;background:#fff;border-radius:10px;padding:16px;text-decoration:none;color:#1f2933;box-shadow:0 1px 3px rgba(0,0,0,.08);height:100%}
.cats a:hover{box-shadow:0 2px 8px rgba(0,0,0,.15)}.cats span{color:#52606d;font-size:.9rem}.cats small{color:#52606d}
.articles{list-style:none;padding:0;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08)}.articles li{padding:14px 18px;border-bottom:1px solid #e4e7eb}
.articles li:last-child{border:0}.articles a{font-weight:600;text-decoration:none}.articles p{margin:4px 0 0;color:#52606d;font-size:.92rem}
.crumbs ol{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:0 0 8px;font-size:.9rem;color:#52606d}.crumbs li+li:before{content:"›";margin-right:6px}
article{background:#fff;border-radius:12px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}.lead{font-size:1.08rem;color:#323f4b}
.md img{max-width:100%}.md pre{background:#f1f5f9;padding:12px;overflow:auto;border-radius:6px}.md table{border-collapse:collapse}.md td,.md th{border:1px solid #cbd2d9;padding:4px 8px}
.meta{color:#52606d;font-size:.85rem}.img-blocked{color:#52606d;font-style:italic}
.feedback fieldset,.chat{border:0;background:#fff;border-radius:12px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.feedback legend{font-weight:600;padding:0;float:left;width:100%;margin-bottom:8px}.choices{display:flex;gap:18px;margin-bottom:8px;clear:both}
.feedback textarea{width:100%;border:1px solid #9aa5b1;border-radius:8px;padding:8px;font:inherit;margin:4px 0 10px}
.thanks{background:#ecfdf5;color:#065f46;border-radius:8px;padding:12px 16px}.empty{color:#52606d}
.foot{color:#52606d;font-size:.85rem;padding:24px 0;border-top:1px solid #e4e7eb}
@media (max-width:600px){h1{font-size:1.45rem}article{padding:18px}}`;

export const HELP_JS = `(function(){
var forms=document.querySelectorAll('input[data-instant]');
forms.forEach(function(input){
  var list=input.form.querySelector('.instant');var timer=null;var seq=0;
  input.setAttribute('role','combobox');input.setAttribute('aria-expanded','false');input.setAttribute('aria-autocomplete','list');
  input.addEventListener('input',function(){
    clearTimeout(timer);var q=input.value.trim();
    if(q.length<2){list.hidden=true;input.setAttribute('aria-expanded','false');return;}
    timer=setTimeout(function(){var my=++seq;
      fetch(input.getAttribute('data-instant')+'&q='+encodeURIComponent(q),{headers:{accept:'application/json'}}).then(function(r){return r.json();}).then(function(d){
        if(my!==seq)return;list.textContent='';
        (d.results||[]).slice(0,6).forEach(function(r){var li=document.createElement('li');var a=document.createElement('a');a.href=r.url;a.textContent=r.title;li.appendChild(a);list.appendChild(li);});
        list.hidden=!list.children.length;input.setAttribute('aria-expanded',String(!list.hidden));
      }).catch(function(){});
    },150);
  });
  input.addEventListener('keydown',function(e){if(e.key==='Escape'){list.hidden=true;input.setAttribute('aria-expanded','false');}});
});
document.addEventListener('click',function(e){
  var b=e.target.closest&&e.target.closest('[data-kefu-open]');if(!b)return;
  var ctx=null;try{ctx=JSON.parse(b.getAttribute('data-kefu-context')||'null');}catch(_){}
  window.dispatchEvent(new CustomEvent('kefu:open',{detail:{context:ctx}}));
  var k=window.kefu;if(k&&typeof k.open==='function')k.open({context:ctx});else if(Array.isArray(k))k.push(['open',{context:ctx}]);else window.kefu=[['open',{context:ctx}]];
});
})();`;
