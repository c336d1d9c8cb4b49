import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { i18n } from './i18n'
import './styles/base.css'
import { cssVars } from './theme'

document.documentElement.lang = i18n.global.locale.value
// The palette is on the root too: drawers, dialogs and popovers are teleported
// to <body>, outside the .app element, and their styles use it as well.
for (const [name, value] of Object.entries(cssVars)) {
  document.documentElement.style.setProperty(name, value)
}

createApp(App).use(createPinia()).use(i18n).mount('#app')
