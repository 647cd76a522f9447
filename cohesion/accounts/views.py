from django.contrib.auth import views as auth_views
from django.utils import translation

from cohesion.core.views import set_language_cookie


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The language chosen on the account follows the person to every device.
        language = form.get_user().language
        if language:
            translation.activate(language)
            set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    pass
