// The body editor's "Embed" button and paste handler: a post from YouTube, Vimeo, X, Instagram, TikTok, Bluesky or
// Facebook, placed by its address. The editor keeps only the address; on save the server (articles/embeds.py)
// recognises it, stores its canonical address and names it from the provider's oEmbed answer. No provider markup,
// iframe or script ever enters the body. Loaded by the prose editor as an extension module (articles/admin/forms.py).
import { Node, Plugin, updateAttrsDialog } from "django-prose-editor/editor";

// Which addresses are worth offering as an embed; the server's recogniser has the last word on the exact shapes.
const HOSTS =
  /^(www\.|m\.|mobile\.)?(youtube\.com|youtu\.be|youtube-nocookie\.com|vimeo\.com|player\.vimeo\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|bsky\.app|facebook\.com|fb\.watch)$/i;

// The provider's name shown in the editor until the save (the server sets the stored one).
const PROVIDERS = [
  [/youtu/, "youtube"],
  [/vimeo/, "vimeo"],
  [/^(.*\.)?(twitter|x)\.com$/, "x"],
  [/instagram/, "instagram"],
  [/tiktok/, "tiktok"],
  [/bsky/, "bluesky"],
  [/facebook|fb\.watch/, "facebook"],
];
const providerOf = (url) => {
  const host = new URL(url).hostname;
  return (PROVIDERS.find(([pattern]) => pattern.test(host)) || [null, ""])[1];
};

const embeddable = (text) => {
  try {
    const url = new URL(text.trim());
    return /^https?:$/.test(url.protocol) && HOSTS.test(url.hostname) ? url.href : null;
  } catch {
    return null;
  }
};

const askForAddress = updateAttrsDialog(
  {
    url: {
      type: "string",
      title: "Address of the post",
      description: "YouTube, Vimeo, X, Instagram, TikTok, Bluesky or Facebook",
    },
  },
  { title: "Embed a post", submitText: "Embed" },
);

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      url: { default: "", parseHTML: (el) => el.getAttribute("data-embed-url") || "" },
      provider: { default: "", parseHTML: (el) => el.getAttribute("data-embed-provider") || "" },
      title: { default: "", parseHTML: (el) => (el.querySelector("a")?.textContent || "").trim() },
    };
  },

  parseHTML() {
    // Before the picture figure's rule: an embed is a figure of its own kind.
    return [{ tag: "figure[data-embed-url]", priority: 100 }];
  },

  renderHTML({ node }) {
    const { url, provider, title } = node.attrs;
    return [
      "figure",
      { class: "embed", "data-embed-provider": provider, "data-embed-url": url },
      ["a", { href: url }, title || url],
    ];
  },

  addCommands() {
    return {
      insertEmbed:
        (url) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { url, title: url, provider: providerOf(url) } }),
    };
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.text("Embed", "Embed a post from YouTube, Vimeo, X, Instagram, TikTok, Bluesky or Facebook"),
      command(editor) {
        askForAddress(editor, { url: "" }).then((values) => {
          if (!values) return;
          const url = embeddable(values.url || "");
          if (url) {
            editor.chain().focus().insertEmbed(url).run();
          } else if ((values.url || "").trim()) {
            window.alert("That is not the address of a post on YouTube, Vimeo, X, Instagram, TikTok, Bluesky or Facebook.");
          }
        });
      },
      active: () => false,
      enabled: (editor) => editor.can().insertContent({ type: "embed", attrs: { url: "x" } }),
    });
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        props: {
          // A lone address of a known provider pasted into an empty paragraph becomes an embed; anywhere else
          // it stays text (and a link), as an editor pasting a source into a sentence means.
          handlePaste(view, event) {
            const text = event.clipboardData?.getData("text/plain") || "";
            const url = /\s/.test(text.trim()) ? null : embeddable(text);
            const { $from, empty } = view.state.selection;
            if (!url || !empty || $from.parent.type.name !== "paragraph" || $from.parent.content.size) return false;
            return editor.chain().insertEmbed(url).run();
          },
        },
      }),
    ];
  },
});
