package browsertest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// russianQueries are what Russian-speaking readers type, in their word
// forms, with the page that must come first. They run on the Russian
// pages, which search the Russian index.
var russianQueries = []struct{ query, first string }{
	{"404", "ru/codes/404.html"},
	{"403.14", "ru/iis/403.14.html"},
	{"не найдено", "ru/codes/404.html"},
	{"страница не найдена", "ru/codes/404.html"},
	{"не авторизован", "ru/codes/401.html"},
	{"запрещено", "ru/codes/403.html"},
	{"внутренняя ошибка сервера", "ru/codes/500.html"},
	{"внутренней ошибки сервера", "ru/codes/500.html"},
	{"ошибочный шлюз", "ru/codes/502.html"},
	{"шлюз не отвечает", "ru/codes/504.html"},
	{"сервис недоступен", "ru/codes/503.html"},
	{"слишком много запросов", "ru/codes/429.html"},
	{"перемещено навсегда", "ru/codes/301.html"},
	{"чайник", "ru/codes/418.html"},
	{"просмотр каталогов", "ru/iis/403.14.html"},
	{"просмотра каталогов", "ru/iis/403.14.html"},
	{"недопустимые данные конфигурации", "ru/iis/500.19.html"},
	{"клиент закрыл запрос", "ru/nginx/499.html"},
	{"тайм-аут соединения", "ru/cloudflare/522.html"},
	{"веб-сервер не работает", "ru/cloudflare/521.html"},
	{"по юридическим причинам", "ru/codes/451.html"},
	{"некорректный запрос", "ru/codes/400.html"},
	{"метод не разрешён", "ru/codes/405.html"},
	{"метод не разрешен", "ru/codes/405.html"},
	{"не изменялось", "ru/codes/304.html"},
	{"предел одновременных запросов", "ru/iis/503.2.html"},
	{"модуль не распознан", "ru/iis/500.21.html"},
	{"требуется ssl", "ru/iis/403.4.html"},
	{"недостаточно места в хранилище", "ru/codes/507.html"},
	{"конфликт", "ru/codes/409.html"},
	{"поля заголовка слишком велики", "ru/codes/431.html"},
	{"ответ устарел", "ru/warning/110.html"},
	{"какой код состояния отправить", "ru/guides/which-status-code.html"},
	{"nginx 499", "ru/nginx/499.html"},
	{"cloudflare 522", "ru/cloudflare/522.html"},
}

// TestRussianSearch runs each query through the search of a Russian page,
// from disk: the expected page must be in the top 3; the test reports how
// many are first.
func TestRussianSearch(t *testing.T) {
	b := browser(t)
	a := accesses(t)[0]
	ctx, w := tab(t, b, a)
	open(t, ctx, a, "ru/index.html")
	top1, top3 := 0, 0
	for _, c := range russianQueries {
		got := searchTop(t, ctx, c.query, 3)
		switch {
		case len(got) > 0 && got[0] == c.first:
			top1++
			top3++
		case slices.Contains(got, c.first):
			top3++
		default:
			t.Errorf("search %q: top 3 %v, want %s", c.query, got, c.first)
		}
	}
	t.Logf("Russian queries: %d of %d first, %d in the top 3", top1, len(russianQueries), top3)
	w.check(t, "Russian search")
}

// searchTop runs a query through the page's search API and returns the
// first n results as page paths (without the part of the page).
func searchTop(t *testing.T, ctx context.Context, query string, n int) []string {
	t.Helper()
	js := fmt.Sprintf(`new Promise(function (done) { window.statusSearch(%q, function (urls) { done(urls.slice(0, %d).map(function (u) { return u.split("#")[0]; })); }); })`, query, n)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	return v
}

// TestLanguageSwitch follows the switcher from an English page to its
// Russian twin and back, and checks the languages the pages declare.
func TestLanguageSwitch(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		ctx, w := tab(t, b, a)
		open(t, ctx, a, "iis/403.14.html")
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
			t.Errorf("%s: the English page declares %q", a.name, lang)
		}
		href := eval[string](t, ctx, `document.querySelector("a.lang-switch[hreflang=ru]").href`)
		if href != a.base+"ru/iis/403.14.html" {
			t.Errorf("%s: the switcher leads to %s", a.name, href)
		}
		open(t, ctx, a, "ru/iis/403.14.html")
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "ru" {
			t.Errorf("%s: the Russian page declares %q", a.name, lang)
		}
		if back := eval[string](t, ctx, `document.querySelector("a.lang-switch[hreflang=en]").href`); back != a.base+"iis/403.14.html" {
			t.Errorf("%s: the Russian switcher leads to %s", a.name, back)
		}
		if h := eval[string](t, ctx, `document.querySelector("h2#causes").textContent`); h == "" || h[0] == 'C' {
			t.Errorf("%s: the Russian page's causes heading is %q", a.name, h)
		}
		w.check(t, "language switch "+a.name)
	}
}
